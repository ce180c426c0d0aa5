import Foundation
import Logging
import PostgresNIO
import RelaisCore
import RelaisStore
import Synchronization
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// The progress listener against a PostgreSQL of its own, which this test stops and starts again (the shared
/// test cluster must not be restarted under the other suites).
@Suite struct ProgressListenerTests {
    let logger = Logger(label: "relais.tests.listener")

    @Test func itHearsAnnouncementsAndListensAgainAfterPostgreSQLRestarts() async throws {
        let root = URL(fileURLWithPath: NSTemporaryDirectory()).appendingPathComponent("relais-listener-\(getpid())-\(UUID().uuidString.prefix(8))")
        let cluster = EmbeddedCluster(
            options: .init(root: root, durable: false, discardWhenProcessExits: getpid()), binaries: try PostgresBinaries.locate(), logger: logger)
        let endpoints = try await cluster.start()
        defer {
            try? cluster.stop()
            try? FileManager.default.removeItem(at: root)
        }
        let client = PostgresClient(configuration: endpoints.application.clientConfiguration(maximumConnections: 2), backgroundLogger: logger)
        var listener = ProgressListener(database: Database(client: client, logger: logger), logger: logger)
        listener.retryDelays = [.milliseconds(100), .milliseconds(500)]
        let events = EventLog()

        // The client outlives the listener (as in a graceful shutdown): a lease asked of a stopped client never completes.
        try await withThrowingTaskGroup(of: Void.self) { clients in
            clients.addTask { await client.run() }
            try await listen(listener, events: events, restarting: cluster, endpoints: endpoints)
            clients.cancelAll()
        }
    }

    /// Hears an announcement, restarts PostgreSQL, and hears one again.
    private func listen(_ listener: ProgressListener, events: EventLog, restarting cluster: EmbeddedCluster, endpoints: EmbeddedCluster.Endpoints)
        async throws
    {
        let tenant = TenantID.generate()
        let (before, after) = (UUID(), UUID())
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { await listener.run { event in events.all.withLock { $0.append(event) } } }
            try await waitUntil("listening") { events.all.withLock { $0.contains(.listening) } }
            try await announce("\(tenant):\(before)", on: endpoints.application)
            try await announce("not a tenant and a run", on: endpoints.application)
            try await waitUntil("the first announcement") { events.all.withLock { $0.contains(.progress(tenant: tenant, run: before)) } }

            try cluster.stop()
            _ = try await cluster.start()
            try await waitUntil("listening again", seconds: 60) { events.all.withLock { $0.filter { $0 == .listening }.count >= 2 } }
            try await announce("\(tenant):\(after)", on: endpoints.application)
            try await waitUntil("an announcement after the restart") { events.all.withLock { $0.contains(.progress(tenant: tenant, run: after)) } }
            #expect(
                events.all.withLock { $0 } == [.listening, .progress(tenant: tenant, run: before), .listening, .progress(tenant: tenant, run: after)])
            group.cancelAll()
        }
    }

    /// `NOTIFY` from a connection of its own, as the counting trigger would.
    private func announce(_ payload: String, on url: DatabaseURL) async throws {
        let configuration = PostgresConnection.Configuration(
            host: url.host, port: url.port, username: url.username, password: url.password, database: url.database, tls: .disable)
        let connection = try await PostgresConnection.connect(configuration: configuration, id: 1, logger: logger)
        do {
            try await connection.query("SELECT pg_notify('relais_progress', \(payload))", logger: logger)
        } catch {
            try? await connection.close()
            throw error
        }
        try await connection.close()
    }

    private func waitUntil(_ what: String, seconds: Int = 10, _ condition: () -> Bool) async throws {
        for _ in 0..<(seconds * 20) {
            if condition() { return }
            try await Task.sleep(for: .milliseconds(50))
        }
        throw ListenerTestFailure(description: "never saw \(what)")
    }
}

/// What the listener handed on, in order.
final class EventLog: Sendable {
    let all = Mutex([ProgressEvent]())
}

struct ListenerTestFailure: Error, CustomStringConvertible {
    let description: String
}
