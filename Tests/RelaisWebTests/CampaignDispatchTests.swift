import Foundation
import Testing

/// Campaigns sent for real: the server's dispatcher against its sandbox simulator over HTTP, statuses back by webhook.
@Suite struct CampaignDispatchTests {
    @Test func aLaunchedCampaignReachesEveryRecipientOnceAndCompletes() async throws {
        try await TestServer.with(environment: TestServer.dispatching) { server in
            let fixture = try await CampaignFixture.make(on: server, contacts: 120)
            let campaign = try await fixture.createCampaign()
            let launch = try await server.request(.POST, "/api/v1/campaigns/\(campaign)/launch", token: fixture.admin.accessToken)
            #expect(launch.status == 202, "\(launch.text)")
            #expect(launch.json["queued"] as? Int == 120)
            let stats = try await fixture.waitFor(campaign, state: "completed")
            #expect(stats["recipients"] as? Int == 120)
            let counted = ["queued", "sending", "sent", "delivered", "read", "failed", "uncertain", "skipped"].map { stats.count($0) }
            #expect(counted.reduce(0, +) == 120, "by_status sums to recipients: \(stats)")
            let ledger = try await fixture.ledger()
            #expect(ledger.count == 120)
            #expect(Set(ledger.map(\.to)).count == 120, "nobody received it twice")
            let parameters = ledger.compactMap { $0.template?.parameters }
            #expect(parameters.contains(["Zoé1", "-20 %"]))
            #expect(parameters.contains(["client", "-20 %"]), "a contact without first name got the fallback")
        }
    }

    @Test func contactsWhoWroteInTheLast24HoursGetTheFreeFormTextOthersTheTemplate() async throws {
        try await TestServer.with(environment: TestServer.dispatching) { server in
            let fixture = try await CampaignFixture.make(on: server, contacts: 4)
            let token = fixture.admin.accessToken
            // Contact 2 writes to the number: its webhook opens the customer-service window.
            try await server.simulator.inbound(phoneNumberID: fixture.phoneNumberID, from: "15550000002", text: "Bonjour, vous avez des soldes ?")
            var opened = false
            for _ in 0..<100 where !opened {
                let contacts = try await server.request(.GET, "/api/v1/contacts?q=0000002", token: token).json["data"] as? [[String: Any]]
                opened = contacts?.first?["last_inbound_at"] is String
                if !opened { try await Task.sleep(for: .milliseconds(100)) }
            }
            #expect(opened, "the inbound webhook stamped the contact's last message")
            let campaign = try await fixture.createCampaign(["freeform_text": "Merci {first_name|client} ! -20 % pour vous aujourd'hui 🎉"])
            #expect(try await server.request(.POST, "/api/v1/campaigns/\(campaign)/launch", token: token).status == 202)
            _ = try await fixture.waitFor(campaign, state: "completed")
            let ledger = try await fixture.ledger()
            #expect(ledger.count == 4)
            let texts = ledger.filter { $0.type == "text" }
            #expect(texts.map(\.to) == ["15550000002"] || texts.map(\.to) == ["+15550000002"], "\(texts.map(\.to))")
            #expect(texts.first?.text == "Merci Zoé2 ! -20 % pour vous aujourd'hui 🎉")
            #expect(ledger.filter { $0.type == "template" }.count == 3)
        }
    }
}
