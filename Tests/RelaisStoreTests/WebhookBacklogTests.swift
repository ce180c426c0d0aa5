import Foundation
import Logging
import PostgresNIO
import RelaisTestSupport
import Testing

/// `relais_webhook_backlog_seconds()` (migration 0019): a stored webhook not yet applied makes the backlog at least
/// as old as it is. The webhook is written and read in one transaction that is rolled back, so no other suite's
/// webhook processor can apply it first (or ever see it).
@Suite struct WebhookBacklogTests {
    @Test func aWaitingWebhookAgesTheBacklog() async throws {
        let endpoints = try await TestDatabase.shared.start()
        try await TestDatabase.withOwnerClient(endpoints) { client in
            try await client.withConnection { connection in
                let logger = Logger(label: "test")
                try await connection.query("BEGIN", logger: logger)
                try await connection.query(
                    // Id -1 comes before any stored webhook, as the oldest one would.
                    "INSERT INTO webhook_events (id, received_at, body) OVERRIDING SYSTEM VALUE VALUES (-1, now() - interval '42 seconds', '{}')",
                    logger: logger)
                var backlog = -1.0
                for try await seconds in try await connection.query("SELECT relais_webhook_backlog_seconds()", logger: logger).decode(Double.self) {
                    backlog = seconds
                }
                try await connection.query("ROLLBACK", logger: logger)
                #expect(backlog >= 42 && backlog < 60, "backlog \(backlog) s with a webhook stored 42 s ago still pending")
            }
        }
    }
}
