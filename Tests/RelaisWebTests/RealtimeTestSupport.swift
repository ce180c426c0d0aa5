import Foundation
import HTTPTypes
import HummingbirdWSClient
import Logging
import Synchronization

/// A real WebSocket client of `/api/v1/realtime` that records every message it receives and when.
final class RealtimeSocket: Sendable {
    struct Received: Sendable {
        let at: ContinuousClock.Instant
        let text: String
        var json: [String: Any] { (try? JSONSerialization.jsonObject(with: Data(text.utf8))) as? [String: Any] ?? [:] }
    }

    private enum Phase { case connecting, open, ended }
    private let phase = Mutex(Phase.connecting)
    private let received = Mutex([Received]())
    private let outgoing: AsyncStream<String>
    private let outgoingSink: AsyncStream<String>.Continuation

    private init() {
        (outgoing, outgoingSink) = AsyncStream.makeStream(of: String.self)
    }

    /// Opens a socket with `headers`, runs `body` while it is open, then closes it; returns the server's close
    /// frame when the server closed first. Throws when the upgrade is refused (body does not run then).
    @discardableResult
    static func with(
        _ server: TestServer, headers: HTTPFields = [:], _ body: @Sendable (RealtimeSocket) async throws -> Void
    ) async throws -> WebSocketCloseFrame? {
        let socket = RealtimeSocket()
        return try await withThrowingTaskGroup(of: WebSocketCloseFrame?.self) { group in
            group.addTask {
                defer { socket.phase.withLock { $0 = .ended } }
                return try await WebSocketClient.connect(
                    url: "ws://127.0.0.1:\(server.port)/api/v1/realtime", configuration: .init(additionalHeaders: headers),
                    logger: Logger(label: "relais.tests.ws")
                ) { inbound, outbound, _ in
                    socket.phase.withLock { $0 = .open }
                    try await withThrowingTaskGroup(of: Void.self) { tasks in
                        tasks.addTask {
                            for try await message in inbound.messages(maxSize: 1 << 20) {
                                guard case .text(let text) = message else { continue }
                                socket.received.withLock { $0.append(Received(at: .now, text: text)) }
                            }
                        }
                        tasks.addTask {
                            for await text in socket.outgoing { try await outbound.write(.text(text)) }
                        }
                        // The test ended (outgoing finished) or the server closed (inbound ended).
                        try await tasks.next()
                        tasks.cancelAll()
                    }
                }
            }
            guard try await socket.waitUntilOpen() else {
                _ = try await group.next()  // rethrows why the upgrade failed
                throw TestFailure("the socket closed before it opened")
            }
            try await body(socket)
            socket.outgoingSink.finish()
            return try await group.next() ?? nil
        }
    }

    static func bearer(_ token: String) -> HTTPFields { [.authorization: "Bearer \(token)"] }

    func send(_ object: [String: Any]) throws {
        outgoingSink.yield(String(decoding: try JSONSerialization.data(withJSONObject: object), as: UTF8.self))
    }

    var messages: [Received] { received.withLock { $0 } }

    /// The progress messages received, in order.
    var progress: [Received] { messages.filter { $0.json["type"] as? String == "campaign.progress" } }

    /// Waits until the connection ended (the server closed it), failing after `seconds`.
    func waitUntilEnded(seconds: Int = 30) async throws {
        for _ in 0..<(seconds * 20) {
            if phase.withLock({ $0 == .ended }) { return }
            try await Task.sleep(for: .milliseconds(50))
        }
        throw TestFailure("the socket was still open after \(seconds) s")
    }

    /// Waits until `condition` holds for the messages received, failing after `seconds`.
    @discardableResult
    func waitFor(_ what: String, seconds: Double = 30, _ condition: ([Received]) -> Bool) async throws -> [Received] {
        let deadline = ContinuousClock.now + .milliseconds(Int(seconds * 1000))
        while ContinuousClock.now < deadline {
            let seen = messages
            if condition(seen) { return seen }
            try await Task.sleep(for: .milliseconds(50))
        }
        throw TestFailure("socket never saw \(what); received: \(messages.suffix(5).map(\.text))")
    }

    /// True once open, false when the connection ended without opening.
    private func waitUntilOpen() async throws -> Bool {
        for _ in 0..<400 {
            switch phase.withLock({ $0 }) {
            case .open: return true
            case .ended: return false
            case .connecting: try await Task.sleep(for: .milliseconds(25))
            }
        }
        throw TestFailure("the socket did not open in 10 s")
    }
}

extension Array where Element == RealtimeSocket.Received {
    /// Progress messages per whole second since the first one (second 0, 1, 2…).
    var perSecond: [Int] {
        guard let first = first?.at else { return [] }
        var buckets: [Int: Int] = [:]
        for message in self { buckets[Int((message.at - first) / .seconds(1)), default: 0] += 1 }
        return (0...(buckets.keys.max() ?? 0)).map { buckets[$0] ?? 0 }
    }
}

#if canImport(Glibc)
    import Glibc
#endif

/// A WebSocket handshake written by hand, for the headers a browser sends and the WebSocket client cannot (it always
/// adds an `Origin` of its own). Returns the answer's status code: 101 when the socket opened, which is enough here;
/// what flows afterwards is the same for every way of signing in.
enum RawHandshake {
    static func status(port: Int, headers: [(String, String)]) throws -> Int {
        let fd = try RawConnection.connectedSocket(port: port)
        defer { close(fd) }
        var timeout = timeval(tv_sec: 10, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        let key = Data((0..<16).map { _ in UInt8.random(in: 0...255) }).base64EncodedString()
        var request = "GET /api/v1/realtime HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
        request += "Sec-WebSocket-Key: \(key)\r\nSec-WebSocket-Version: 13\r\n"
        for (name, value) in headers { request += "\(name): \(value)\r\n" }
        let bytes = Array((request + "\r\n").utf8)
        guard send(fd, bytes, bytes.count, 0) == bytes.count else { throw TestFailure("could not send the handshake") }
        var answer = [UInt8]()
        var buffer = [UInt8](repeating: 0, count: 1024)
        while !String(decoding: answer, as: UTF8.self).contains("\r\n\r\n") {
            let count = recv(fd, &buffer, buffer.count, 0)
            guard count > 0 else { break }
            answer += buffer[0..<count]
        }
        let statusLine = String(decoding: answer, as: UTF8.self).split(separator: "\r\n").first ?? ""
        guard let code = statusLine.split(separator: " ").dropFirst().first.flatMap({ Int($0) }) else {
            throw TestFailure("no status line in \(String(decoding: answer, as: UTF8.self))")
        }
        return code
    }
}
