import Foundation
import PostgresNIO
import RelaisTestSupport
import Testing

/// The A/B test in the campaign pages: composed through the composer's tabs (plain form fields, as posted without
/// script), refused values shown beside their variant's input, and the results card once the scheduler decided.
@Suite struct CampaignABPagesTests {
    @Test func anABCampaignComposedThroughTheFormSavesItsVariantsAndSettings() async throws {
        try await TestServer.with { server in
            let fixture = try await CampaignFixture.make(on: server, contacts: 2)
            let browser = try await BrowserSession.logIn(on: server, email: fixture.admin.email, password: fixture.admin.password)
            let composer = try await browser.get("/campaigns/new")
            #expect(composer.text.contains("name=\"ab.enabled\"") && composer.text.contains("name=\"variants.1.variables.body.1\""))
            #expect(composer.text.contains("role=\"tablist\"") && composer.text.contains("Test variants (A/B)"))

            let created = try await browser.post("/campaigns", form: form(fixture))
            #expect(created.status == 303, "\(created.text.prefix(2000))")
            let id = String(try #require(created.headers["Location"].first).dropFirst("/campaigns/".count))
            let api = try await server.request(.GET, "/api/v1/campaigns/\(id)", token: fixture.admin.accessToken).json
            let variants = try #require(api["variants"] as? [[String: Any]])
            #expect(variants.count == 2)
            #expect(((variants[1]["variables"] as? [String: Any])?["body"] as? [String]) == ["{first_name}", "-30 %"])
            let ab = try #require(api["ab"] as? [String: Any])
            #expect(ab["test_share"] as? Double == 0.3 && ab["metric"] as? String == "reply_rate")
            #expect(ab["decision_hours"] as? Double == 6 && ab["confidence"] as? Double == 0.99 && ab["fallback"] as? String == "first_variant")
            #expect(((api["variables"] as? [String: Any])?["body"] as? [String]) == ["{first_name|client}", "-20 %"], "variant A is the message")

            let edit = try await browser.get("/campaigns/\(id)/edit").text
            #expect(edit.contains("data-ab-toggle aria-describedby=\"ab-hint\" checked"))
            #expect(edit.contains("name=\"variants.1.variables.body.1\" value=\"-30 %\""))
            #expect(edit.contains("<option value=\"reply_rate\" selected>") && edit.contains("value=\"30\""))

            // Adding and removing a variant redraw the form (the no-script path), keeping what was typed.
            let added = try await browser.post("/campaigns/\(id)", form: form(fixture, ["intent": "add_variant"]))
            #expect(added.status == 200 && added.text.contains("name=\"variants.2.template\"") && added.text.contains("value=\"-30 %\""))
            var three = form(fixture, ["variants.2.template": "relais_promo:fr", "variants.2.variables.body.0": "x", "variants.2.variables.body.1": "y"])
            three["intent"] = "remove_variant.0"
            let removed = try await browser.post("/campaigns/\(id)", form: three)
            #expect(removed.status == 200 && !removed.text.contains("name=\"variants.2.template\""))
            #expect(removed.text.contains("name=\"variants.0.variables.body.1\" value=\"-30 %\""), "B became A")

            // Unticking the box removes the test.
            var off = form(fixture)
            off["ab.enabled"] = nil
            #expect(try await browser.post("/campaigns/\(id)", form: off).status == 303)
            let plain = try await server.request(.GET, "/api/v1/campaigns/\(id)", token: fixture.admin.accessToken).json
            #expect(plain["ab"] == nil || plain["ab"] is NSNull)
        }
    }

    @Test func aRefusedVariantShowsItsErrorBesideThatVariantsInput() async throws {
        try await TestServer.with { server in
            let fixture = try await CampaignFixture.make(on: server, contacts: 1)
            let browser = try await BrowserSession.logIn(on: server, email: fixture.admin.email, password: fixture.admin.password)
            let refused = try await browser.post(
                "/campaigns", form: form(fixture, ["variants.1.template": "nope:fr", "variants.0.variables.body.1": " ", "ab.test_share": "70"]))
            #expect(refused.status == 422)
            let page = refused.text
            #expect(page.contains("href=\"#variants-1-template\"") && page.contains("href=\"#variants-0-variables-body-1\""))
            #expect(page.contains("id=\"variants-1-template-error\">"))
            #expect(page.contains("id=\"variants-0-variables-body-1-error\">This field is required."))
            #expect(page.contains("href=\"#ab-test_share\""))
            #expect(page.contains("id=\"variant-0\" data-variant-panel=\"0\" data-tab-id=\"variant-tab-0\" data-active"), "the first refused tab is open")
            #expect(page.contains("name=\"variants.1.template\""), "what was typed is kept")
            #expect((try await server.request(.GET, "/api/v1/campaigns", token: fixture.admin.accessToken).json["data"] as? [Any])?.isEmpty == true)
        }
    }

    @Test func theCampaignPageExplainsTheDecisionInBothLanguages() async throws {
        try await TestServer.with { server in
            let fixture = try await CampaignFixture.make(on: server, contacts: 20)
            let template = ["name": fixture.template, "language": "fr"]
            let id = try await fixture.createCampaign([
                "variants": [
                    ["template": template, "variables": ["body": ["{first_name|client}", "-20 %"]]],
                    ["template": template, "variables": ["body": ["{first_name|client}", "<img src=x onerror=alert(1)>"]]],
                ],
                "ab": ["test_share": 0.5, "metric": "read_rate", "decision_hours": 4, "fallback": "first_variant"],
            ])
            let browser = try await BrowserSession.logIn(on: server, email: fixture.admin.email, password: fixture.admin.password)
            let draft = try await browser.get("/campaigns/\(id)").text
            #expect(draft.contains("data-testid=\"ab-results\"") && draft.contains("The test starts when the campaign is launched."))
            #expect(draft.contains("&lt;img src=x onerror=alert(1)&gt;") && !draft.contains("<img src=x"), "a variant's text is escaped")
            let launch = try await server.request(.POST, "/api/v1/campaigns/\(id)/launch", token: fixture.admin.accessToken)
            #expect(launch.json["queued"] as? Int == 10, "\(launch.text)")
            #expect(try await browser.get("/campaigns/\(id)").text.contains("Testing until "))

            let tenant = try #require(UUID(uuidString: fixture.admin.companyID))
            try await decide(tenant, reason: "significant", winner: 2, z: 2.68, p: 0.027)
            let english = try await browser.get("/campaigns/\(id)").text
            #expect(english.contains("Variant B won: its read rate was higher with 97.3 % confidence (z = 2.68)."))
            #expect(english.contains("data-testid=\"ab-confidence\">97.3 %") && english.contains(">Winner<"))
            #expect(english.contains("60 %") && english.contains("(6)"), "B's figures from the stored decision: 6 of 10 read")
            browser.language = "fr"
            let french = try await browser.get("/campaigns/\(id)").text
            #expect(french.contains("La variante B l’emporte : son taux de lecture était supérieur avec une confiance de 97,3 % (z = 2,68)."))

            try await decide(tenant, reason: "not_significant_fallback", winner: 1, z: 0.5, p: 0.6)
            browser.language = "en"
            let fallback = try await browser.get("/campaigns/\(id)").text
            #expect(fallback.contains("No significant difference at 95 % confidence: variant A was chosen by the fallback (first variant)."))
            #expect(!fallback.contains("<img src=x"))
        }
    }

    /// Stores a decision as the scheduler would (the decision itself is `ABTestTests`' and the dispatch suites' business).
    private func decide(_ tenant: UUID, reason: String, winner: Int, z: Double, p: Double) async throws {
        let json = """
            {"winner":\(winner),"reason":"\(reason)","z_score":\(z),"p_value":\(p),"confidence":0.95,"metric":"read_rate",
             "variants":[{"variant":1,"trials":10,"successes":3},{"variant":2,"trials":10,"successes":6}]}
            """
        let endpoints = try await TestDatabase.shared.start()
        try await TestDatabase.withOwnerClient(endpoints) { client in
            try await client.query(
                "UPDATE campaign_runs SET ab_stage = 'decided', ab_winner = \(winner), ab_decision = CAST(\(json) AS jsonb) WHERE tenant_id = \(tenant)")
        }
    }

    /// An A/B campaign's composer fields as a browser posts them (two variants of the fixture's template).
    private func form(_ fixture: CampaignFixture, _ extra: [String: String] = [:]) -> [String: String] {
        var fields = [
            "name": "Printemps AB", "number_id": fixture.numberID, "template": "relais_promo:fr", "variables.body.0": "ignored",
            "variables.body.1": "ignored", "intent": "review", "ab.enabled": "true", "variants.0.template": "relais_promo:fr",
            "variants.0.variables.body.0": "{first_name|client}", "variants.0.variables.body.1": "-20 %", "variants.1.template": "relais_promo:fr",
            "variants.1.variables.body.0": "{first_name}", "variants.1.variables.body.1": "-30 %", "ab.test_share": "30", "ab.metric": "reply_rate",
            "ab.decision_hours": "6", "ab.confidence": "99", "ab.fallback": "first_variant",
        ]
        fields.merge(extra) { $1 }
        return fields
    }
}
