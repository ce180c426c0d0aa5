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
        let endpoints = try await TestDatabase.shared.start()
        let sandboxPort = try FreePort.pick()
        let configuration = try RelaisConfiguration(environment: [
            "RELAIS_PORT": String(try FreePort.pick()), "RELAIS_SANDBOX_PORT": String(sandboxPort), "RELAIS_BCRYPT_COST": "4",
            "RELAIS_SANDBOX": "true", "RELAIS_DB_POOL_SIZE": "4", "RELAIS_IMPORT_WORKER": "off", "RELAIS_DISPATCHER": "off",
            "RELAIS_RETENTION_JOB": "off", "RELAIS_WEEKLY_REPORTS": "off",
        ])
        var logger = Logger(label: "relais.test-server")
        logger.logLevel = .critical
        let (ports, portSink) = AsyncStream<Int>.makeStream()
        let secrets = ResolvedSecrets(
            jwtSecret: TestServer.jwtSecret, secretBox: try SecretBox(spec: TestServer.masterKeys), whatsAppAppSecret: TestServer.appSecret,
            webhookVerifyToken: TestServer.verifyToken, suppressionKey: TestServer.suppressionKey)
        let app = try await ApplicationBuilder.build(
            configuration: configuration, database: DatabaseEndpoints(application: endpoints.application, owner: nil, embedded: nil),
            secrets: secrets, logger: logger, onServerRunning: { portSink.yield($0) })
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
