import AsyncHTTPClient
import NIOCore
import NIOHTTP1
import Synchronization

/// The raw answer of a Graph call: status and collected body bytes.
struct GraphRawResponse: Sendable {
    var status: Int
    var body: ByteBuffer
}

/// Collects a response and records whether any request byte was written.
///
/// That flag is the whole point of using a delegate: a failure before the request head left the machine is
/// safely retryable, a failure after it is `uncertain` because Meta may have accepted the message.
final class GraphResponseDelegate: HTTPClientResponseDelegate {
    typealias Response = GraphRawResponse

    private struct State {
        var requestWritten = false
        var status = 0
        var body = ByteBuffer()
    }

    private let state = Mutex(State())
    private let maxBodySize: Int

    init(maxBodySize: Int = 4 * 1024 * 1024) {
        self.maxBodySize = maxBodySize
    }

    /// True once the request head was handed to the connection.
    var requestWritten: Bool { state.withLock { $0.requestWritten } }

    func didSendRequestHead(task: HTTPClient.Task<Response>, _ head: HTTPRequestHead) {
        state.withLock { $0.requestWritten = true }
    }

    func didReceiveHead(task: HTTPClient.Task<Response>, _ head: HTTPResponseHead) -> EventLoopFuture<Void> {
        state.withLock {
            $0.requestWritten = true
            $0.status = Int(head.status.code)
        }
        return task.eventLoop.makeSucceededVoidFuture()
    }

    func didReceiveBodyPart(task: HTTPClient.Task<Response>, _ buffer: ByteBuffer) -> EventLoopFuture<Void> {
        var buffer = buffer
        let tooLarge = state.withLock { state -> Bool in
            guard state.body.readableBytes + buffer.readableBytes <= maxBodySize else { return true }
            state.body.writeBuffer(&buffer)
            return false
        }
        if tooLarge {
            return task.eventLoop.makeFailedFuture(ResponseTooLarge())
        }
        return task.eventLoop.makeSucceededVoidFuture()
    }

    func didFinishRequest(task: HTTPClient.Task<Response>) throws -> Response {
        state.withLock { GraphRawResponse(status: $0.status, body: $0.body) }
    }
}

/// A Graph answer larger than any legitimate response; treated like a lost response.
struct ResponseTooLarge: Error {}
