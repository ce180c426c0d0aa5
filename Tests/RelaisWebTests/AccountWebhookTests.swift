import Foundation
import RelaisTestSupport
import Testing
import WhatsAppSimulator

/// Webhooks about people and accounts rather than messages, from the real simulator into the real server:
/// WhatsApp's own marketing stop/resume, quality and tier changes, and account bans.
@Suite struct AccountWebhookTests {
    func consent(_ server: TestServer, _ admin: TestTenant, _ contact: String) async throws -> (status: String?, source: String?) {
        let consent = try await server.request(.GET, "/api/v1/contacts/\(contact)", token: admin.accessToken).json["consent"] as? [String: Any]
        return (consent?["status"] as? String, consent?["source"] as? String)
    }

    func createContact(_ server: TestServer, _ admin: TestTenant, _ phone: String) async throws -> [String: Any] {
        try await server.request(.POST, "/api/v1/contacts", json: ["name": "Contact", "phone": phone, "consent": "opted_in"], token: admin.accessToken).json
    }

    @Test func aWhatsAppStopOptsOutAndItsResumeUndoesOnlyItsOwnOptOut() async throws {
        try await TestServer.with { server in
            let admin = try await TestTenant.signUp(on: server)
            let number = try await server.request(.POST, "/api/v1/whatsapp/numbers/sandbox", token: admin.accessToken).json
            let phoneNumberID = try #require(number["phone_number_id"] as? String)
            let ana = try #require(try await createContact(server, admin, "+33612345678")["id"] as? String)
            let bo = try #require(try await createContact(server, admin, "+33698765432")["id"] as? String)

            // Ana stops marketing in WhatsApp; Bo writes STOP, then also uses WhatsApp's control.
            try await server.simulator.userPreferences(phoneNumberID: phoneNumberID, waID: "33612345678", stop: true)
            _ = try await server.simulator.inbound(phoneNumberID: phoneNumberID, from: "33698765432", text: "STOP")
            try await WebhookTests.eventually {
                let (a, b) = (try await consent(server, admin, ana), try await consent(server, admin, bo))
                return a == ("opted_out", "whatsapp_user_preferences") && b == ("opted_out", "whatsapp_keyword")
            }
            try await server.simulator.userPreferences(phoneNumberID: phoneNumberID, waID: "33698765432", stop: true)
            // A stranger stops too: created later, they start opted out.
            try await server.simulator.userPreferences(phoneNumberID: phoneNumberID, waID: "33622222222", stop: true)
            try await WebhookTests.eventually {
                try await WebhookTests.ownerCount(
                    "SELECT count(*)::int FROM suppressions WHERE tenant_id = '\(admin.companyID)' AND source = 'whatsapp_user_preferences'") == 2
            }
            let stranger = try await createContact(server, admin, "+33622222222")
            #expect((stranger["consent"] as? [String: Any])?["status"] as? String == "opted_out")

            // Both resume: Ana is opted back in; Bo's STOP keyword still stands.
            try await server.simulator.userPreferences(phoneNumberID: phoneNumberID, waID: "33612345678", stop: false)
            try await server.simulator.userPreferences(phoneNumberID: phoneNumberID, waID: "33698765432", stop: false)
            try await WebhookTests.eventually { try await consent(server, admin, ana) == ("opted_in", "whatsapp_user_preferences") }
            try await WebhookTests.eventually {
                try await WebhookTests.ownerCount(
                    "SELECT count(*)::int FROM consent_events WHERE tenant_id = '\(admin.companyID)' AND source = 'whatsapp_user_preferences'") == 2
            }
            #expect(try await consent(server, admin, bo) == ("opted_out", "whatsapp_keyword"))
            let history = try await WebhookTests.ownerCount(
                "SELECT count(*)::int FROM consent_events WHERE tenant_id = '\(admin.companyID)' AND evidence = 'User requested to stop marketing messages'")
            #expect(history == 1, "Ana's stop carries Meta's words as evidence")
            // Ana's number left the suppression list with her resume; the stranger's stays.
            #expect(
                try await WebhookTests.ownerCount(
                    "SELECT count(*)::int FROM suppressions WHERE tenant_id = '\(admin.companyID)' AND source = 'whatsapp_user_preferences'") == 1)
        }
    }

    @Test func aPreferenceWhoseWaIDIsNotAPhoneNumberChangesNothing() async throws {
        try await TestServer.with { server in
            let admin = try await TestTenant.signUp(on: server)
            let number = try await server.request(.POST, "/api/v1/whatsapp/numbers/sandbox", token: admin.accessToken).json
            let phoneNumberID = try #require(number["phone_number_id"] as? String)
            let body = #"""
                {"object":"whatsapp_business_account","entry":[{"id":"1","changes":[{"field":"user_preferences","value":{
                  "messaging_product":"whatsapp","metadata":{"display_phone_number":"15550000000","phone_number_id":"\#(phoneNumberID)"},
                  "user_preferences":[{"wa_id":"12ab34cd","category":"marketing_messages","value":"stop","timestamp":1739321024},
                                      {"wa_id":"1","category":"marketing_messages","value":"stop","timestamp":1739321024}]}}]}]}
                """#
            #expect(try await WebhookTests.post(server, body, signature: WebhookTests.sign(body)).status == 200)
            try await WebhookTests.eventually { try await WebhookTests.state(of: body) == "processed" }
            #expect(try await WebhookTests.ownerCount("SELECT count(*)::int FROM suppressions WHERE tenant_id = '\(admin.companyID)'") == 0)
        }
    }

    @Test func qualityTierAndThroughputUpdatesRefreshTheConnectedNumber() async throws {
        try await TestServer.with { server in
            let admin = try await TestTenant.signUp(on: server)
            let other = try await TestTenant.signUp(on: server)
            let number = try await server.request(.POST, "/api/v1/whatsapp/numbers/sandbox", token: admin.accessToken).json
            let otherNumber = try await server.request(.POST, "/api/v1/whatsapp/numbers/sandbox", token: other.accessToken).json
            let id = try #require(number["id"] as? String), phoneNumberID = try #require(number["phone_number_id"] as? String)
            try await server.simulator.patchNumber(phoneNumberID, ["tier": 10000])
            try await server.simulator.patchNumber(phoneNumberID, ["quality_rating": "RED"])
            try await server.simulator.patchNumber(phoneNumberID, ["throughput": 1000])
            try await WebhookTests.eventually {
                let current = try await server.request(.GET, "/api/v1/whatsapp/numbers/\(id)", token: admin.accessToken).json
                return current["tier"] as? String == "TIER_10K" && current["quality_rating"] as? String == "RED" && current["throughput"] as? Int == 1000
            }
            // The other company's number is untouched.
            let untouched = try await server.request(.GET, "/api/v1/whatsapp/numbers/\(otherNumber["id"] as? String ?? "")", token: other.accessToken).json
            #expect(untouched["quality_rating"] as? String == otherNumber["quality_rating"] as? String)
            #expect(untouched["tier"] as? String == otherNumber["tier"] as? String)
            try await server.simulator.patchNumber(phoneNumberID, ["quality_rating": "GREEN"])
            try await WebhookTests.eventually {
                try await server.request(.GET, "/api/v1/whatsapp/numbers/\(id)", token: admin.accessToken).json["quality_rating"] as? String == "GREEN"
            }
        }
    }

    @Test func aRestrictionPausesTheNumberWithMetasWordsOnly() async throws {
        try await TestServer.with { server in
            let admin = try await TestTenant.signUp(on: server)
            let number = try await server.request(.POST, "/api/v1/whatsapp/numbers/sandbox", token: admin.accessToken).json
            let id = try #require(number["id"] as? String), wabaID = try #require(number["waba_id"] as? String)
            try await server.simulator.accountUpdate(
                wabaID: wabaID, ["event": "ACCOUNT_RESTRICTION", "restriction_type": "RESTRICTED_BIZ_INITIATED_MESSAGING<script>alert(1)</script>"])
            var reason: String?
            try await WebhookTests.eventually {
                let current = try await server.request(.GET, "/api/v1/whatsapp/numbers/\(id)", token: admin.accessToken).json
                reason = current["status_reason"] as? String
                return current["status"] as? String == "paused"
            }
            #expect(reason?.contains("(RESTRICTED_BIZ_INITIATED_MESSAGING)") == true && reason?.contains("script") == false, "\(reason ?? "")")
        }
    }

    @Test func anAccountBanPausesTheNumberAndHoldsItsCampaigns() async throws {
        try await TestServer.with(environment: TestServer.dispatching) { server in
            let fixture = try await CampaignFixture.make(on: server, contacts: 3)
            let campaign = try await fixture.createCampaign()
            let scheduled = try await server.request(
                .POST, "/api/v1/campaigns/\(campaign)/schedule", json: ["start_at": CampaignScheduleTests.soon(3600), "timezone": "UTC"],
                token: fixture.admin.accessToken)
            #expect(scheduled.status == 200)
            let wabaID = try #require(
                try await server.request(.GET, "/api/v1/whatsapp/numbers/\(fixture.numberID)", token: fixture.admin.accessToken).json["waba_id"] as? String)
            // A policy violation alone changes nothing; a ban stops the number and holds its campaign.
            try await server.simulator.accountUpdate(wabaID: wabaID, ["event": "ACCOUNT_VIOLATION", "violation_type": "SCAM"])
            try await server.simulator.accountUpdate(wabaID: wabaID, ["event": "DISABLED_UPDATE", "ban_state": "DISABLE"])
            try await WebhookTests.eventually {
                let number = try await server.request(.GET, "/api/v1/whatsapp/numbers/\(fixture.numberID)", token: fixture.admin.accessToken).json
                return number["status"] as? String == "paused"
            }
            let held = try await server.request(.GET, "/api/v1/campaigns/\(campaign)", token: fixture.admin.accessToken).json
            #expect(held["held"] as? Bool == true && held["state"] as? String == "scheduled")
            #expect((held["state_reason"] as? String)?.contains("disabled") == true, "\(held)")
            #expect(try await fixture.ledger().isEmpty)
        }
    }
}
