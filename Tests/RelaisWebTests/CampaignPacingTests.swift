import Foundation
import RelaisTestSupport
import Testing
import WhatsAppSimulator

/// Template pacing end to end: Meta (the simulator) holds part of a campaign; the campaign says why it waits; the
/// held messages fail with 132015 when Meta pauses the template, and the template shows as paused.
@Suite struct CampaignPacingTests {
    @Test func heldMessagesAreExplainedAndFailWhenMetaPausesTheTemplate() async throws {
        try await TestServer.with(environment: TestServer.dispatching) { server in
            let fixture = try await CampaignFixture.make(on: server, contacts: 200)
            let number = try await server.request(.GET, "/api/v1/whatsapp/numbers/\(fixture.numberID)", token: fixture.admin.accessToken).json
            let wabaID = try #require(number["waba_id"] as? String)
            try await server.simulator.pace(
                wabaID: wabaID, name: fixture.template, language: "fr", releaseFirst: 20, pause: true, decideAfterMilliseconds: 8000)
            let campaign = try await fixture.createCampaign()
            #expect(try await server.request(.POST, "/api/v1/campaigns/\(campaign)/launch", token: fixture.admin.accessToken).status == 202)
            // While the campaign is sending (about 80 a second) and Meta holds all but the first 20, the campaign says so,
            // in the page's language too. (A run that has sent everything is completed, and its note goes with it.)
            var stats: [String: Any] = [:]
            for _ in 0..<80 {
                stats = try await fixture.stats(campaign)
                if (stats["waiting_reason"] as? String)?.hasPrefix("Meta is holding part of this campaign") == true { break }
                try await Task.sleep(for: .milliseconds(50))
            }
            #expect((stats["waiting_reason"] as? String)?.hasPrefix("Meta is holding part of this campaign") == true, "\(stats)")
            let session = try await BrowserSession.logIn(on: server, email: fixture.admin.email, password: fixture.admin.password)
            session.language = "fr"
            let page = try await session.get("/campaigns/\(campaign)")
            #expect(page.text.contains("Meta retient une partie de cette campagne"))
            // Meta's verdict: the template is paused, and every held message fails with 132015. On a busy machine the
            // verdict may come before all 200 left: the next send is then refused at once and the campaign pauses with
            // the template's reason, its unsent recipients still queued for a resume.
            try await WebhookTests.eventually {
                let templates = try await server.request(.GET, "/api/v1/templates", token: fixture.admin.accessToken).json["data"] as? [[String: Any]]
                return templates?.first { $0["name"] as? String == fixture.template }?["status"] as? String == "PAUSED"
            }
            let accepted = try await fixture.ledger()
            #expect(Set(accepted.map(\.to)).count == accepted.count, "nobody was sent the campaign twice")
            stats = try await fixture.waitFor(campaign, state: accepted.count == 200 ? "completed" : "paused", seconds: 60) {
                $0.count("failed") == accepted.count - 20
            }
            #expect(stats.count("read") + stats.count("delivered") + stats.count("sent") == 20, "\(stats)")
            #expect(stats.count("queued") == 200 - accepted.count, "\(stats)")
            let failures = try await WebhookTests.ownerCount(
                "SELECT count(*)::int FROM outbound_messages WHERE tenant_id = '\(fixture.admin.companyID)' AND status = 'failed' AND error_code = 132015")
            #expect(failures == accepted.count - 20)
            if accepted.count < 200 {
                let paused = try await server.request(.GET, "/api/v1/campaigns/\(campaign)", token: fixture.admin.accessToken).json
                #expect(paused["state"] as? String == "paused" && !(stats["waiting_reason"] is String), "\(paused) \(stats)")
            }
        }
    }
}
