import HTTPTypes
import NIOCore
import NIOHTTP1
import NIOHTTPTypes

/// Closes a connection whose request head has not arrived in full within `timeout` of the connection opening or of
/// the previous response ending, and answers a head NIO's parser refuses (more than 80 KB of headers, garbage) with
/// a 4xx before closing.
///
/// Why: the server's idle timeout counts silence, so a client that trickles one header line a second (slow-loris)
/// keeps a connection, and a task, for ever; and a parser error otherwise leaves the client waiting for an answer
/// that never comes. Bodies have their own limits (`JSONBody`, `MultipartUpload`); a WebSocket upgrade ends the watch.
final class RequestHeadDeadlineHandler: ChannelDuplexHandler, RemovableChannelHandler {
    // Hummingbird's pipeline speaks swift-http-types after its HTTP/1 codec.
    typealias InboundIn = HTTPRequestPart
    typealias InboundOut = HTTPRequestPart
    typealias OutboundIn = HTTPResponsePart
    typealias OutboundOut = HTTPResponsePart

    private let timeout: TimeAmount
    private var deadline: Scheduled<Void>?
    private var upgraded = false
    private var refused = false

    init(timeout: TimeAmount) {
        self.timeout = timeout
    }

    func handlerAdded(context: ChannelHandlerContext) {
        if context.channel.isActive { arm(context) }
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        disarm()
    }

    func channelActive(context: ChannelHandlerContext) {
        arm(context)
        context.fireChannelActive()
    }

    func channelInactive(context: ChannelHandlerContext) {
        disarm()
        context.fireChannelInactive()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        if case .head = unwrapInboundIn(data) { disarm() }
        context.fireChannelRead(data)
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        switch unwrapOutboundIn(data) {
        case .head(let head) where head.status == .switchingProtocols:
            upgraded = true
            disarm()
        case .end:
            if !upgraded { arm(context) }
        default:
            break
        }
        context.write(data, promise: promise)
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        guard let parserError = error as? HTTPParserError, !refused else {
            context.fireErrorCaught(error)
            return
        }
        // NIO's decoder stops at the first bad byte: nothing more can be read from this connection, so answer and close.
        refused = true
        disarm()
        let status: HTTPResponse.Status = parserError == .headerOverflow ? .requestHeaderFieldsTooLarge : .badRequest
        let response = HTTPResponse(status: status, headerFields: [.connection: "close", .contentLength: "0"])
        context.write(wrapOutboundOut(.head(response)), promise: nil)
        context.writeAndFlush(wrapOutboundOut(.end(nil))).whenComplete { _ in context.close(promise: nil) }
    }

    private func arm(_ context: ChannelHandlerContext) {
        disarm()
        let bound = NIOLoopBound(context, eventLoop: context.eventLoop)
        deadline = context.eventLoop.scheduleTask(in: timeout) { bound.value.close(promise: nil) }
    }

    private func disarm() {
        deadline?.cancel()
        deadline = nil
    }
}
