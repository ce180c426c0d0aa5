import NIOCore

/// Watches the raw bytes of a new connection until its first request head is complete: closes the connection when
/// that takes longer than `timeout`, and answers 431 when the head grows past `maxBytes`. Then it steps aside.
///
/// Why a byte-level handler: Hummingbird adds the handlers of its HTTP/1 configuration only once the first head has
/// been parsed (it must first decide whether the request upgrades to a WebSocket), so nothing else sees a client
/// that trickles its first header lines, or one that sends more than NIO's parser accepts and gets no answer.
/// `RequestHeadDeadlineHandler` watches the requests that follow on the same connection.
final class FirstRequestHeadGuard: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = ByteBuffer
    typealias InboundOut = ByteBuffer
    typealias OutboundOut = ByteBuffer

    private let timeout: TimeAmount
    private let maxBytes: Int
    private var deadline: Scheduled<Void>?
    private var received = 0
    /// The last bytes seen, so that a `CRLF CRLF` split across two reads is still found.
    private var tail: [UInt8] = []

    init(timeout: TimeAmount, maxBytes: Int) {
        self.timeout = timeout
        self.maxBytes = maxBytes
    }

    func handlerAdded(context: ChannelHandlerContext) {
        if context.channel.isActive { arm(context) }
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        deadline?.cancel()
    }

    func channelActive(context: ChannelHandlerContext) {
        arm(context)
        context.fireChannelActive()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let buffer = unwrapInboundIn(data)
        let bytes = tail + Array(buffer.readableBytesView)
        if let end = Self.endOfHead(in: bytes), received + end - tail.count <= maxBytes {
            deadline?.cancel()
            context.fireChannelRead(data)
            context.pipeline.syncOperations.removeHandler(context: context, promise: nil)
            return
        }
        received += buffer.readableBytes
        guard received <= maxBytes else {
            refuse(context)
            return
        }
        tail = Array(bytes.suffix(3))
        context.fireChannelRead(data)
    }

    /// The index just past the first `CRLF CRLF` in `bytes`, if any.
    static func endOfHead(in bytes: [UInt8]) -> Int? {
        guard bytes.count >= 4 else { return nil }
        for index in 3..<bytes.count where bytes[index] == 10 && bytes[index - 1] == 13 && bytes[index - 2] == 10 && bytes[index - 3] == 13 {
            return index + 1
        }
        return nil
    }

    private func refuse(_ context: ChannelHandlerContext) {
        deadline?.cancel()
        let answer = "HTTP/1.1 431 Request Header Fields Too Large\r\nConnection: close\r\nContent-Length: 0\r\n\r\n"
        let bound = NIOLoopBound(context, eventLoop: context.eventLoop)
        context.writeAndFlush(wrapOutboundOut(context.channel.allocator.buffer(string: answer))).whenComplete { _ in
            bound.value.close(promise: nil)
        }
    }

    private func arm(_ context: ChannelHandlerContext) {
        deadline?.cancel()
        let bound = NIOLoopBound(context, eventLoop: context.eventLoop)
        deadline = context.eventLoop.scheduleTask(in: timeout) { bound.value.close(promise: nil) }
    }
}
