import RelaisStore
import Synchronization

#if canImport(Glibc)
import Glibc
#endif

/// Picks a free loopback TCP port up front, for when a peer must know our port before we listen
/// (the sandbox simulator posts its webhooks to us).
///
/// Ports come from a counter that only moves forward (20000–32767, outside Linux's ephemeral range,
/// with a per-process offset), each checked by binding it: two servers in one process never get the
/// same port, unlike `bind(0)`, which may hand a just-released port out again.
enum FreePort {
    private static let next = Mutex(20_000 + Int(getpid() % 60) * 200)

    static func pick() throws -> Int {
        for _ in 0..<2_000 {
            let candidate = next.withLock { port -> Int in
                defer { port = port >= 32_767 ? 20_000 : port + 1 }
                return port
            }
            if LoopbackPort.isFree(candidate) { return candidate }
        }
        throw ConfigurationError.invalid("port", "no free loopback port")
    }
}
