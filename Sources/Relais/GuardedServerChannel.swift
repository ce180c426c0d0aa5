import Hummingbird
import HummingbirdCore
import HummingbirdWebSocket
import Logging
import NIOCore

/// The server's child channel: Hummingbird's HTTP/1 + WebSocket upgrade channel with `FirstRequestHeadGuard` in front
/// of it, so that slow or oversized first request heads are dealt with before any HTTP parsing.
struct GuardedServerChannel<Base: ServerChildChannel>: ServerChildChannel {
    typealias Value = Base.Value

    let base: Base
    let headTimeout: TimeAmount
    let maxHeadBytes: Int

    func setup(channel: any Channel, logger: Logger) -> EventLoopFuture<Value> {
        do {
            try channel.pipeline.syncOperations.addHandler(FirstRequestHeadGuard(timeout: headTimeout, maxBytes: maxHeadBytes))
        } catch {
            return channel.eventLoop.makeFailedFuture(error)
        }
        return base.setup(channel: channel, logger: logger)
    }

    func handle(value: Value, logger: Logger) async {
        await base.handle(value: value, logger: logger)
    }
}

extension HTTPServerBuilder {
    /// HTTP/1 with the WebSocket upgrade of `webSocketRouter`, every request head under `headTimeout` and `maxHeadBytes`.
    static func guardedHTTP1WebSocketUpgrade<Router: HTTPResponderBuilder & _HB_SendableMetatype>(
        webSocketRouter: Router, configuration: HTTP1WebSocketUpgradeChannel.Configuration, headTimeout: TimeAmount, maxHeadBytes: Int
    ) -> HTTPServerBuilder where Router.Responder.Context: WebSocketRequestContext {
        let webSocketResponder = webSocketRouter.buildResponder()
        return HTTPServerBuilder { responder in
            GuardedServerChannel(
                base: HTTP1WebSocketUpgradeChannel(responder: responder, webSocketResponder: webSocketResponder, configuration: configuration),
                headTimeout: headTimeout, maxHeadBytes: maxHeadBytes)
        }
    }
}
