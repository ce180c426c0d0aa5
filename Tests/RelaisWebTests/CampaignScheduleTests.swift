import Foundation
import Logging
import PostgresNIO
import RelaisCore
import RelaisDispatch
import RelaisStore
import RelaisTestSupport
import Testing

/// The scheduler: occurrences fire on time, once, however many schedulers race; unusable campaigns are held.
@Suite struct CampaignScheduleTests {
    /// A start a few seconds ahead, as a UTC wall clock.
    static func soon(_ seconds: TimeInterval) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyy-MM-dd'T'HH:mm:ss"
        return formatter.string(from: Date().addingTimeInterval(seconds))
    }

    @Test func aScheduledCampaignStartsOnTimeAndARecurringOneComesBack() async throws {
        try await TestServer.with(environment: TestServer.dispatching) { server in
            let fixture = try await CampaignFixture.make(on: server, contacts: 5)
            let token = fixture.admin.accessToken
            let campaign = try await fixture.createCampaign()
            let start = Self.soon(3)
            let scheduled = try await server.request(
                .POST, "/api/v1/campaigns/\(campaign)/schedule",
                json: ["start_at": start, "timezone": "UTC", "recurrence": ["frequency": "daily", "count": 2]], token: token)
            #expect(scheduled.status == 200, "\(scheduled.text)")
            #expect(scheduled.json["next_run_at"] as? String == start + "Z")
            let stats = try await fixture.waitFor(campaign, state: "scheduled", seconds: 30) { $0["run_id"] is String }
            #expect(stats.count("read") + stats.count("delivered") + stats.count("sent") == 5)
            let again = try await server.request(.GET, "/api/v1/campaigns/\(campaign)", token: token).json
            let next = try #require(ISO8601DateFormatter().date(from: again["next_run_at"] as? String ?? ""))
            let first = try #require(ISO8601DateFormatter().date(from: start + "Z"))
            #expect(next.timeIntervalSince(first) == 86_400, "the second occurrence is a day later")
            let runs = try await server.request(.GET, "/api/v1/campaigns/\(campaign)/runs", token: token).json["data"] as? [[String: Any]]
            let started = try #require(ISO8601DateFormatter().date(from: runs?.first?["started_at"] as? String ?? ""))
            #expect(started.timeIntervalSince(first) >= 0, "never early")
            print("the occurrence fired \(started.timeIntervalSince(first)) s after its time")
        }
    }

    @Test func racingSchedulersFireAnOccurrenceOnce() async throws {
        // The server's own scheduler races too, and its dispatcher sends the run (no other server's may: see TestServer).
        try await TestServer.with(environment: TestServer.dispatching) { server in
            let fixture = try await CampaignFixture.make(on: server, contacts: 50)
            let campaign = try await fixture.createCampaign()
            let start = Self.soon(2)
            let scheduled = try await server.request(
                .POST, "/api/v1/campaigns/\(campaign)/schedule", json: ["start_at": start, "timezone": "UTC"], token: fixture.admin.accessToken)
            #expect(scheduled.status == 200)
            try await Task.sleep(for: .seconds(2.5))
            try await WebhookTests.withDatabase { database in
                var logger = Logger(label: "scheduler")
                logger.logLevel = .critical
                let schedulers = (0..<4).map { _ in CampaignScheduler(database: database, settings: DispatchSettings(), logger: logger) }
                try await withThrowingTaskGroup(of: Void.self) { group in
                    for scheduler in schedulers { for _ in 0..<3 { group.addTask { try await scheduler.tick() } } }
                    try await group.waitForAll()
                }
            }
            let runs = try await server.request(.GET, "/api/v1/campaigns/\(campaign)/runs", token: fixture.admin.accessToken).json
            #expect((runs["data"] as? [Any])?.count == 1, "twelve ticks of four schedulers, and the server's, started one run")
            let stats = try await fixture.waitFor(campaign, state: "completed")
            #expect(stats["recipients"] as? Int == 50)
            #expect(Set(try await fixture.ledger().map(\.to)).count == 50)
        }
    }

    @Test func aCampaignWhoseTemplateWasRejectedIsHeldWithTheReasonAndNotSent() async throws {
        try await TestServer.with(environment: TestServer.dispatching) { server in
            let fixture = try await CampaignFixture.make(on: server, contacts: 5)
            let campaign = try await fixture.createCampaign()
            let scheduled = try await server.request(
                .POST, "/api/v1/campaigns/\(campaign)/schedule", json: ["start_at": Self.soon(2), "timezone": "UTC"], token: fixture.admin.accessToken)
            #expect(scheduled.status == 200)
            let tenant = try #require(UUID(uuidString: fixture.admin.companyID))
            let endpoints = try await TestDatabase.shared.start()
            try await TestDatabase.withOwnerClient(endpoints) { client in
                try await client.query("UPDATE message_templates SET status = 'REJECTED' WHERE tenant_id = \(tenant)")
            }
            var held: [String: Any] = [:]
            for _ in 0..<100 {
                held = try await server.request(.GET, "/api/v1/campaigns/\(campaign)", token: fixture.admin.accessToken).json
                if held["held"] as? Bool == true { break }
                try await Task.sleep(for: .milliseconds(100))
            }
            #expect(held["held"] as? Bool == true && held["state"] as? String == "scheduled")
            #expect((held["state_reason"] as? String)?.contains("REJECTED") == true, "\(held)")
            #expect(try await fixture.ledger().isEmpty)
            let launch = try await server.request(.POST, "/api/v1/campaigns/\(campaign)/launch", token: fixture.admin.accessToken)
            #expect(launch.status == 422 && launch.json["code"] as? String == "error.campaign.template_unusable", "\(launch.text)")
        }
    }

    @Test func anABTestSendsTheWinnerToTheRest() async throws {
        try await TestServer.with(environment: TestServer.dispatching) { server in
            let fixture = try await CampaignFixture.make(on: server, contacts: 100)
            let template = ["name": fixture.template, "language": "fr"]
            let campaign = try await fixture.createCampaign([
                "variants": [
                    ["template": template, "variables": ["body": ["{first_name|client}", "-20 %"]]],
                    ["template": template, "variables": ["body": ["{first_name|client}", "-30 %"]]],
                ],
                "ab": ["test_share": 0.2, "metric": "read_rate", "decision_hours": 4, "fallback": "first_variant"],
            ])
            let launch = try await server.request(.POST, "/api/v1/campaigns/\(campaign)/launch", token: fixture.admin.accessToken)
            #expect(launch.json["queued"] as? Int == 20, "\(launch.text)")
            for _ in 0..<200 where try await fixture.ledger().count < 20 { try await Task.sleep(for: .milliseconds(100)) }
            let test = try await fixture.ledger()
            #expect(test.filter { $0.template?.parameters.last == "-20 %" }.count == 10, "the test share is split evenly")
            // The decision is due now (rather than in four hours).
            let tenant = try #require(UUID(uuidString: fixture.admin.companyID))
            let endpoints = try await TestDatabase.shared.start()
            try await TestDatabase.withOwnerClient(endpoints) { client in
                try await client.query("UPDATE campaign_runs SET ab_decide_at = now() WHERE tenant_id = \(tenant)")
            }
            _ = try await fixture.waitFor(campaign, state: "completed")
            let ledger = try await fixture.ledger()
            #expect(ledger.count == 100 && Set(ledger.map(\.to)).count == 100)
            let runs = try await server.request(.GET, "/api/v1/campaigns/\(campaign)/runs", token: fixture.admin.accessToken).json
            let winner = try #require((runs["data"] as? [[String: Any]])?.first?["ab_winner"] as? Int)
            let winningValue = winner == 1 ? "-20 %" : "-30 %"
            #expect(ledger.filter { $0.template?.parameters.last == winningValue }.count == 90, "the remaining 80 got the winner")
        }
    }
}
