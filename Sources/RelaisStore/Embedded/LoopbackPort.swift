#if canImport(Glibc)
import Glibc
#endif

/// Finds TCP ports on 127.0.0.1 (the embedded cluster's; the composition root's for the sandbox).
public enum LoopbackPort {
    /// A port the kernel considers free right now (bind to 0, read it back, release it).
    static func free() throws(EmbeddedClusterError) -> Int {
        guard let port = bind(0) else { throw .notReady("no free loopback port") }
        return port
    }

    /// Whether `port` can be bound on 127.0.0.1 at this moment.
    public static func isFree(_ port: Int) -> Bool { bind(port) != nil }

    private static func bind(_ port: Int) -> Int? {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        // As PostgreSQL binds (SO_REUSEADDR): the connections of a server just stopped linger in TIME_WAIT for a
        // minute and would make its own port look taken, moving a restarted cluster to another port. A port
        // somebody listens on still reads as taken.
        var reuse: Int32 = 1
        _ = setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &reuse, socklen_t(MemoryLayout<Int32>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { Glibc.bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard bound == 0 else { return nil }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let named = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        return named == 0 ? Int(UInt16(bigEndian: address.sin_port)) : nil
    }
}
