import Foundation
import PostgresNIO
import RelaisTestSupport
import Testing

/// `relais_webhook_backlog_seconds()` (migration 0019), as the application role calls it: a stored webhook not yet
/// applied makes the backlog at least as old as it is.
@Suite struct WebhookBacklogTests {
    @Test func aWaitingWebhookAgesTheBacklog() async throws {
        let endpoints = try await TestDatabase.shared.start()
        try await TestDatabase.withClient(endpoints.application) { client in
            var id: Int64?
            for try await stored in try await client.query("SELECT relais_webhook_store('{\"object\":\"backlog-test\"}')").decode(Int64.self) {
                id = stored
            }
            let stored = try #require(id)
            try await Task.sleep(for: .milliseconds(1_200))
            var backlog = -1.0
            for try await seconds in try await client.query("SELECT relais_webhook_backlog_seconds()").decode(Double.self) { backlog = seconds }
            // Older waiting webhooks of other suites can only make it older.
            #expect(backlog >= 1.0, "backlog \(backlog) s with a webhook stored 1.2 s ago still pending")
            try await client.query("SELECT relais_webhook_finish(\(stored), 'processed', NULL)")
        }
    }
}
