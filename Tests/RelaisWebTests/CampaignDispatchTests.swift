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
}
