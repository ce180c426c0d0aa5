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
            if isFree(candidate) { return candidate }
        }
        throw ConfigurationError.invalid("port", "no free loopback port")
    }

    private static func isFree(_ port: Int) -> Bool {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        return withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        } == 0
    }
}
