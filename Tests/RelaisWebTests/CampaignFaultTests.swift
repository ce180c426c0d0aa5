import Foundation
import PostgresNIO
import RelaisTestSupport
import Testing

/// Sending through trouble: server errors, lost answers, throttling, the messaging tier, people pausing.
@Suite struct CampaignFaultTests {
    /// Lost answers time out after a second: the test does not wait for the client's production timeout.
    static let environment = TestServer.dispatching.merging(["RELAIS_GRAPH_TIMEOUT_MS": "1000"]) { $1 }

    @Test func serverErrorsAndTimeoutsStillReachEveryoneExactlyOnce() async throws {
        try await TestServer.with(environment: Self.environment) { server in
            let fixture = try await CampaignFixture.make(on: server, contacts: 300)
            try await server.simulator.patchNumber(fixture.phoneNumberID, ["error_rate_5xx": 0.1, "timeout_rate": 0.02])
            let campaign = try await fixture.createCampaign()
            #expect(try await server.request(.POST, "/api/v1/campaigns/\(campaign)/launch", token: fixture.admin.accessToken).status == 202)
            let stats = try await fixture.waitFor(campaign, state: "completed", seconds: 240)
            #expect(stats.count("queued") == 0 && stats.count("sending") == 0 && stats.count("uncertain") == 0, "every recipient is final: \(stats)")
            #expect(stats.count("failed") == 0, "5xx are retried, timeouts settled by their webhook: \(stats)")
            let ledger = try await fixture.ledger()
            #expect(ledger.count == 300, "the ledger has one accepted message per recipient, no duplicate")
            #expect(Set(ledger.map(\.to)).count == 300)
            #expect(ledger.contains { $0.fault == "timeout" }, "some answers were really lost")
        }
    }

    @Test func pauseStopsSendingWhenItReturnsAndResumeFinishes() async throws {
        try await TestServer.with(environment: TestServer.dispatching) { server in
            let fixture = try await CampaignFixture.make(on: server, contacts: 400)
            let token = fixture.admin.accessToken
            let campaign = try await fixture.createCampaign()
            #expect(try await server.request(.POST, "/api/v1/campaigns/\(campaign)/launch", token: token).status == 202)
            for _ in 0..<100 where try await fixture.ledger().count < 40 { try await Task.sleep(for: .milliseconds(50)) }
            let paused = try await server.request(.POST, "/api/v1/campaigns/\(campaign)/pause", token: token)
            #expect(paused.json["state"] as? String == "paused")
            let atPause = try await fixture.ledger().count
            try await Task.sleep(for: .seconds(1))
            #expect(try await fixture.ledger().count == atPause, "nothing left after the pause returned")
            #expect(atPause < 400)
            let stats = try await fixture.stats(campaign)
            #expect(stats.count("sending") == 0)
            let resumed = try await server.request(.POST, "/api/v1/campaigns/\(campaign)/resume", token: token)
            #expect(resumed.json["state"] as? String == "running")
            _ = try await fixture.waitFor(campaign, state: "completed")
            let ledger = try await fixture.ledger()
            #expect(ledger.count == 400 && Set(ledger.map(\.to)).count == 400)
        }
    }

    @Test func cancelSkipsWhatWasNotSentAndTheCountsStillAddUp() async throws {
        try await TestServer.with(environment: TestServer.dispatching) { server in
            let fixture = try await CampaignFixture.make(on: server, contacts: 400)
            let token = fixture.admin.accessToken
            let campaign = try await fixture.createCampaign()
            #expect(try await server.request(.POST, "/api/v1/campaigns/\(campaign)/launch", token: token).status == 202)
            for _ in 0..<100 where try await fixture.ledger().count < 40 { try await Task.sleep(for: .milliseconds(50)) }
            #expect(try await server.request(.POST, "/api/v1/campaigns/\(campaign)/cancel", token: token).json["state"] as? String == "cancelled")
            let sentAtCancel = try await fixture.ledger().count
            try await Task.sleep(for: .seconds(1))
            #expect(try await fixture.ledger().count == sentAtCancel)
            let stats = try await fixture.stats(campaign)
            #expect(stats.count("skipped") == 400 - sentAtCancel, "\(stats)")
            let total = ["queued", "sending", "sent", "delivered", "read", "failed", "uncertain", "skipped"].map { stats.count($0) }.reduce(0, +)
            #expect(total == 400)
        }
    }

    @Test func throttlingSlowsTheLoopDownAndTheCampaignStillCompletes() async throws {
        try await TestServer.with(environment: TestServer.dispatching) { server in
            let fixture = try await CampaignFixture.make(on: server, contacts: 150)
            // WhatsApp allows this number far less than it announced: bursts of 130429 until the pace adapts.
            try await server.simulator.patchNumber(fixture.phoneNumberID, ["throughput": 20])
            let campaign = try await fixture.createCampaign()
            #expect(try await server.request(.POST, "/api/v1/campaigns/\(campaign)/launch", token: fixture.admin.accessToken).status == 202)
            let stats = try await fixture.waitFor(campaign, state: "completed", seconds: 240)
            #expect(stats.count("failed") == 0)
            let ledger = try await fixture.ledger()
            #expect(ledger.count == 150 && Set(ledger.map(\.to)).count == 150)
        }
    }

    @Test func theMessagingTierHoldsTheCampaignWithAReasonUntilCapacityFreesUp() async throws {
        try await TestServer.with(environment: TestServer.dispatching) { server in
            let fixture = try await CampaignFixture.make(on: server, contacts: 60)
            try await Self.setTier(fixture, "TIER_40")
            let campaign = try await fixture.createCampaign()
            #expect(try await server.request(.POST, "/api/v1/campaigns/\(campaign)/launch", token: fixture.admin.accessToken).status == 202)
            var stats: [String: Any] = [:]
            for _ in 0..<200 {
                stats = try await fixture.stats(campaign)
                if (stats["waiting_reason"] as? String)?.contains("tier") == true { break }
                try await Task.sleep(for: .milliseconds(100))
            }
            #expect((stats["waiting_reason"] as? String)?.contains("tier") == true, "\(stats)")
            #expect(try await fixture.ledger().count == 40, "no more new recipients than the tier allows")
            try await Self.setTier(fixture, "TIER_1K")
            _ = try await fixture.waitFor(campaign, state: "completed")
            #expect(try await fixture.ledger().count == 60)
            #expect(!(try await fixture.stats(campaign)["waiting_reason"] is String), "the reason went with the wait")
        }
    }

    /// Meta raises or lowers a number's tier; here the stored tier is changed directly (as a verify would).
    static func setTier(_ fixture: CampaignFixture, _ tier: String) async throws {
        let number = try #require(UUID(uuidString: fixture.numberID))
        let endpoints = try await TestDatabase.shared.start()
        try await TestDatabase.withOwnerClient(endpoints) { client in
            try await client.query("UPDATE whatsapp_numbers SET tier = \(tier) WHERE id = \(number)")
        }
    }
}
