import Foundation
import Logging
import PostgresNIO
import RelaisCore
import RelaisStore
import Testing

@testable import RelaisWeb

#if canImport(Glibc)
    import Glibc
#endif

/// The hub against a PostgreSQL of its own, which this test restarts (the shared test cluster must not be).
@Suite struct RealtimeHubTests {
    let logger = Logger(label: "relais.tests.hub")

    /// Announcements made while the listener is away are lost; the hub must still show a run that ended meanwhile.
    @Test(.timeLimit(.minutes(1))) func aRunThatEndsWhileTheListenerIsAwayStillReachesItsSocketsFinished() async throws {
        let root = URL(fileURLWithPath: NSTemporaryDirectory()).appendingPathComponent("relais-hub-\(getpid())-\(UUID().uuidString.prefix(8))")
        let cluster = EmbeddedCluster(
            options: .init(root: root, durable: false, discardWhenProcessExits: getpid()), binaries: try PostgresBinaries.locate(), logger: logger)
        let endpoints = try await cluster.start()
        defer {
            try? cluster.stop()
            try? FileManager.default.removeItem(at: root)
        }
        let owner = PostgresClient(configuration: endpoints.owner.clientConfiguration(maximumConnections: 2), backgroundLogger: logger)
        let application = PostgresClient(configuration: endpoints.application.clientConfiguration(maximumConnections: 3), backgroundLogger: logger)
        let database = Database(client: application, logger: logger)
        var listener = ProgressListener(database: database, logger: logger)
        // Long enough for the run to end before the listener is back.
        listener.retryDelays = [.seconds(3)]
        let hub = RealtimeHub(database: database, listener: listener, logger: logger)

        // The clients outlive the hub, as in production's graceful shutdown: a lease asked of a stopped client never
        // completes, so stopping both at once could leave the hub waiting.
        try await withThrowingTaskGroup(of: Void.self) { clients in
            clients.addTask { await owner.run() }
            clients.addTask { await application.run() }
            try await Migrator(ownerClient: owner, logger: logger).migrate(try Migration.bundled())
            let (tenant, run) = try await insertRunningRun(owner)
            try await follow(run, of: tenant, hub: hub, restarting: cluster, owner: owner)
            clients.cancelAll()
        }
    }

    /// Runs the hub, sees the run running, restarts PostgreSQL, ends the run before the listener is back, and waits
    /// for the hub to show it completed.
    private func follow(_ run: UUID, of tenant: TenantID, hub: RealtimeHub, restarting cluster: EmbeddedCluster, owner: PostgresClient) async throws {
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await hub.run() }
            // Subscribing once the hub listens keeps its first `.listening` from re-reading the run.
            try await retrying {
                let rows = try await owner.query("SELECT count(*)::int FROM pg_stat_activity WHERE query LIKE 'LISTEN%'", logger: logger)
                for try await count in rows.decode(Int.self) where count == 0 { throw TestFailure("not listening yet") }
            }
            let subscription = hub.subscribe(tenant: tenant)
            var updates = subscription.updates.makeAsyncIterator()
            hub.announce(tenant: tenant, runs: [run])
            #expect(runState(await updates.next()) == "running")
            // No read may be in flight when PostgreSQL stops: PostgresNIO was seen to leave a transaction caught at
            // that moment waiting for ever, beyond cancellation. The pump ends 250 ms after its read.
            try await Task.sleep(for: .milliseconds(500))

            try cluster.stop()
            _ = try await cluster.start()
            try await retrying { try await owner.query("UPDATE campaign_runs SET state = 'completed' WHERE id = \(run)", logger: logger) }
            // The resync after `.listening` may show it running once more before the end is read.
            var seen: [String?] = []
            while let update = await updates.next() {
                seen.append(runState(update))
                if seen.last == "completed" { break }
            }
            #expect(seen.last == "completed", "\(seen)")
            group.cancelAll()
        }
    }

    /// A company with a number, a running campaign and its run, written as the schema owner (setup, not under test).
    private func insertRunningRun(_ owner: PostgresClient) async throws -> (TenantID, UUID) {
        let (tenant, number, campaign, run) = (UUID(), UUID(), UUID(), UUID())
        let phoneNumberID = String(UInt64.random(in: 1_000_000_000...9_999_999_999))
        try await owner.withTransaction(logger: logger) { connection in
            try await connection.query("INSERT INTO companies (tenant_id, name) VALUES (\(tenant), 'Hub')", logger: logger)
            try await connection.query(
                """
                INSERT INTO whatsapp_numbers (tenant_id, id, phone_number_id, waba_id, display_phone_number, access_token_sealed)
                VALUES (\(tenant), \(number), \(phoneNumberID), '1', '+33 6 00 00 00 00', 'sealed')
                """, logger: logger)
            try await connection.query(
                """
                INSERT INTO campaigns (tenant_id, id, name, number_id, state, content)
                VALUES (\(tenant), \(campaign), 'Hub', \(number), 'running', '{}'::jsonb)
                """, logger: logger)
            try await connection.query(
                """
                INSERT INTO campaign_runs (tenant_id, id, campaign_id, number_id, occurrence)
                VALUES (\(tenant), \(run), \(campaign), \(number), 0)
                """, logger: logger)
        }
        return (TenantID(tenant), run)
    }

    private func runState(_ text: String?) -> String? {
        guard let text, let object = try? JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any] else { return nil }
        return object["run_state"] as? String
    }

    /// Tries `body` again for up to 2 s: the owner's pool may still hand out a connection of the stopped server once,
    /// and the listener takes a moment to listen.
    private func retrying(_ body: () async throws -> Void) async throws {
        for attempt in 1...20 {
            do {
                return try await body()
            } catch where attempt < 20 {
                try await Task.sleep(for: .milliseconds(100))
            }
        }
    }
}
