import Foundation
import HummingbirdWSClient
import Logging
import RelaisStore
import RelaisTestSupport
import ServiceLifecycle
import Testing

@testable import Relais

/// A server that stops the way production stops it (graceful shutdown of its service group) says goodbye to its
/// sockets with a close frame instead of dropping them.
@Suite struct RealtimeShutdownTests {
    @Test(.timeLimit(.minutes(1))) func aServerShuttingDownClosesItsSocketsNormally() async throws {
        let (ports, portSink) = AsyncStream<Int>.makeStream()
        let (app, sandboxPort, logger) = try await TestServer.application { portSink.yield($0) }
        let services = ServiceGroup(configuration: .init(services: [app], gracefulShutdownSignals: [], logger: logger))

        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await services.run() }
            var iterator = ports.makeAsyncIterator()
            let port = try #require(await iterator.next())
            let server = TestServer(port: port, sandboxPort: sandboxPort)
            let tenant = try await TestTenant.signUp(on: server)
            let close = try await RealtimeSocket.with(server, headers: RealtimeSocket.bearer(tenant.accessToken)) { socket in
                try socket.send(["type": "subscribe"])
                try await socket.waitFor("the subscription") { $0.contains { $0.json["type"] as? String == "subscribed" } }
                await services.triggerGracefulShutdown()
                try await socket.waitUntilEnded()
            }
            #expect(close?.closeCode == .normalClosure)
            // The whole application stops by itself once its sockets are closed.
            try await group.next()
        }
    }
}
