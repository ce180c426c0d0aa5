import Foundation
import Testing

/// The campaign pages as a browser uses them: forms with their CSRF field, Post/Redirect/Get, errors next to the
/// fields, roles and tenancy. Sending itself is `CampaignDispatchTests`' business (these servers do not dispatch).
@Suite struct CampaignPagesTests {
    @Test func theEmptyListInvitesToCreateTheFirstCampaignInFrenchAndEnglish() async throws {
        try await TestServer.with { server in
            let fixture = try await CampaignFixture.make(on: server, contacts: 0)
            let browser = try await BrowserSession.logIn(on: server, email: fixture.admin.email, password: fixture.admin.password)
            browser.language = "fr"
            let french = try await browser.get("/campaigns")
            #expect(french.status == 200)
            #expect(french.text.contains("Créez votre première campagne") && french.text.contains("Nouvelle campagne"))
            browser.language = "en"
            let english = try await browser.get("/campaigns")
            #expect(english.text.contains("Create your first campaign") && english.text.contains("href=\"/campaigns/new\""))
            #expect(
                !english.text.contains("nav-soon\" aria-disabled=\"true\"><svg viewBox=\"0 0 24 24\" aria-hidden=\"true\"><path d=\"M3 11v2"),
                "Campaigns is no longer 'soon'")
        }
    }

    @Test func aCampaignIsComposedScheduledTestedAndLaunchedThroughTheForms() async throws {
        try await TestServer.with { server in
            let fixture = try await CampaignFixture.make(on: server, contacts: 5, tagged: 2)
            let browser = try await BrowserSession.logIn(on: server, email: fixture.admin.email, password: fixture.admin.password)
            let composer = try await browser.get("/campaigns/new")
            #expect(composer.status == 200)
            #expect(composer.text.contains("value=\"relais_promo:fr\""))
            #expect(composer.text.contains("name=\"variables.body.0\"") && composer.text.contains("name=\"variables.body.1\""))
            #expect(try await browser.post("/campaigns", form: form(fixture), csrf: "forged").status == 403)

            let created = try await browser.post("/campaigns", form: form(fixture))
            #expect(created.status == 303)
            let path = try #require(created.headers["Location"].first)
            let id = String(path.dropFirst("/campaigns/".count))
            let page = try await browser.get(path)
            #expect(page.status == 200)
            #expect(page.text.contains("Campaign saved.") && page.text.contains("Printemps"))
            #expect(page.text.contains("2 recipients if sent now"), "tagged vip")
            #expect(page.text.contains("Bonjour Zoé"), "the preview is rendered for a real recipient")
            #expect(page.text.contains("Send “Printemps” now to 2 recipients?"), "the launch confirmation states the count")
            #expect(try await browser.get("/campaigns/\(id)/edit").text.contains("value=\"{first_name|client}\""))

            let scheduled = try await browser.post(
                "\(path)/schedule",
                form: [
                    "start_at": "2030-03-30T09:00", "timezone": "Europe/Paris", "recurrence.frequency": "weekly", "recurrence.interval": "1",
                    "recurrence.weekdays.1": "1", "recurrence.weekdays.3": "3", "recurrence.end": "count", "recurrence.count": "4",
                    "send_window.start": "09:00", "send_window.end": "20:00",
                ])
            #expect(scheduled.status == 303)
            let api = try await server.request(.GET, "/api/v1/campaigns/\(id)", token: fixture.admin.accessToken).json
            #expect(api["state"] as? String == "scheduled")
            #expect(api["next_run_at"] as? String == "2030-04-01T07:00:00Z", "Monday 1 April 2030, 09:00 in Paris")
            #expect((api["send_window"] as? [String: Any])?["start"] as? String == "09:00")
            #expect(try await browser.get(path).text.contains("Weekly · Monday, Wednesday · 4 sends in all"))

            _ = try await browser.post("\(path)/test-send", form: ["phone": "+33612345678"])
            let tested = try await browser.get(path).text
            #expect(tested.contains("Test message sent to +33612345678."), "\(tested.components(separatedBy: "toast").dropFirst().first ?? "")")
            _ = try await browser.post("\(path)/test-send", form: ["phone": "+1555"])
            let refused = try await browser.get(path).text
            #expect(refused.contains("class=\"toast toast-error\" role=\"alert\""), "an error toast is styled and announced as one")

            #expect(try await browser.post("\(path)/launch", form: [:]).status == 303)
            let launched = try await browser.get(path)
            #expect(launched.text.contains("Campaign launched: 2 messages queued."))
            #expect(launched.text.contains("data-stats-url=\"/api/v1/campaigns/\(id)/stats\""))
            #expect(try await server.request(.GET, "/api/v1/campaigns/\(id)", token: fixture.admin.accessToken).json["state"] as? String == "running")
            let edit = try await browser.get("/campaigns/\(id)/edit")
            #expect(edit.status == 303, "a running campaign cannot be edited")
            // Not filtered by `running`: in a parallel test run another test's dispatching server may pick this campaign
            // up (any node sends any company's running campaigns) and pause it when its own simulator does not know the number.
            let list = try await browser.get("/campaigns?q=print")
            #expect(list.text.contains("data-testid=\"campaign-row\"") && list.text.contains("Printemps"))
            #expect(!(try await browser.get("/campaigns?state=draft")).text.contains("Printemps"))
        }
    }

    @Test func aRefusedFormShowsEachErrorNextToItsFieldAndASummary() async throws {
        try await TestServer.with { server in
            let fixture = try await CampaignFixture.make(on: server, contacts: 2)
            let browser = try await BrowserSession.logIn(on: server, email: fixture.admin.email, password: fixture.admin.password)
            var bad = form(fixture)
            bad["name"] = ""
            bad["variables.body.0"] = "{first_name"
            let refused = try await browser.post("/campaigns", form: bad)
            #expect(refused.status == 422)
            #expect(refused.text.contains("data-testid=\"form-summary\"") && refused.text.contains("href=\"#variables-body-0\""))
            #expect(refused.text.contains("id=\"variables-body-0-error\">A field is not closed"))
            #expect(refused.text.contains("id=\"name-error\">This field is required."))
            #expect(refused.text.contains("value=\"{first_name\""), "what was typed is kept")
            #expect((try await server.request(.GET, "/api/v1/campaigns", token: fixture.admin.accessToken).json["data"] as? [Any])?.isEmpty == true)

            let id = try await fixture.createCampaign()
            browser.language = "fr"
            let past = try await browser.post("/campaigns/\(id)/schedule", form: ["start_at": "2020-01-01T09:00", "timezone": "Europe/Paris"])
            #expect(past.status == 422)
            #expect(past.text.contains("Ce moment est déjà passé"))
            #expect(try await browser.post("/campaigns/\(id)", form: form(fixture, ["audience.tags_any.0": "nobody"])).status == 303)
            #expect(try await browser.post("/campaigns/\(id)/launch", form: [:]).status == 303)
            #expect(try await browser.get("/campaigns/\(id)").text.contains("Personne ne recevrait cette campagne"))
        }
    }

    @Test func operatorsComposeButDoNotLaunchAndOtherCompaniesSeeNothing() async throws {
        try await TestServer.with { server in
            let fixture = try await CampaignFixture.make(on: server, contacts: 2)
            let id = try await fixture.createCampaign()
            _ = try await fixture.admin.addMember(on: server, role: "operator")
            let users = try await server.request(.GET, "/api/v1/users", token: fixture.admin.accessToken)
            let email = try #require((users.json["data"] as? [[String: Any]])?.first { $0["role"] as? String == "operator" }?["email"] as? String)
            let operatorBrowser = try await BrowserSession.logIn(on: server, email: email, password: "member-password-1")
            #expect(try await operatorBrowser.get("/campaigns/new").status == 200)
            let page = try await operatorBrowser.get("/campaigns/\(id)")
            #expect(page.status == 200 && page.text.contains("Edit"))
            #expect(!page.text.contains("data-testid=\"launch\"") && !page.text.contains("/schedule\""))
            #expect(try await operatorBrowser.post("/campaigns/\(id)/launch", form: [:]).status == 403)

            let other = try await TestTenant.signUp(on: server, company: "B")
            let stranger = try await BrowserSession.logIn(on: server, email: other.email, password: other.password)
            for path in ["/campaigns/\(id)", "/campaigns/\(id)/edit"] {
                #expect(try await stranger.get(path).status == 404, "\(path)")
            }
            for action in ["launch", "delete", "cancel", "schedule", "test-send", ""] {
                let path = action.isEmpty ? "/campaigns/\(id)" : "/campaigns/\(id)/\(action)"
                #expect(try await stranger.post(path, form: ["name": "Mine", "phone": "+15550000001"]).status == 404, "\(path)")
            }
            #expect(!(try await stranger.get("/campaigns")).text.contains("Soldes"))
        }
    }

    @Test func aCampaignTheSchedulerCannotStartIsHeldAndThePageSaysWhy() async throws {
        try await TestServer.with(environment: TestServer.dispatching) { server in
            let fixture = try await CampaignFixture.make(on: server, contacts: 2)
            let id = try await fixture.createCampaign(["audience": ["tags_any": ["nobody"]]])
            let start = ISO8601DateFormatter().string(from: Date())
            let scheduled = try await server.request(
                .POST, "/api/v1/campaigns/\(id)/schedule", json: ["start_at": start, "timezone": "Europe/Paris"], token: fixture.admin.accessToken)
            #expect(scheduled.status == 200, "\(scheduled.text)")
            var held = false
            for _ in 0..<100 where !held {
                held = try await server.request(.GET, "/api/v1/campaigns/\(id)", token: fixture.admin.accessToken).json["held"] as? Bool == true
                if !held { try await Task.sleep(for: .milliseconds(100)) }
            }
            #expect(held, "the scheduler found the campaign due and held it")
            let browser = try await BrowserSession.logIn(on: server, email: fixture.admin.email, password: fixture.admin.password)
            browser.language = "fr"
            let page = try await browser.get("/campaigns/\(id)")
            #expect(page.text.contains("data-testid=\"campaign-notice\""))
            #expect(page.text.contains("Bloquée : cette campagne ne démarrera pas"))
            #expect(page.text.contains("Personne ne recevrait cette campagne"), "the recorded reason, in French")
        }
    }

    @Test func aCampaignNameIsShownAsTextNeverAsMarkup() async throws {
        try await TestServer.with { server in
            let fixture = try await CampaignFixture.make(on: server, contacts: 1)
            let id = try await fixture.createCampaign(["name": "<script>alert(1)</script>"])
            let browser = try await BrowserSession.logIn(on: server, email: fixture.admin.email, password: fixture.admin.password)
            for path in ["/campaigns", "/campaigns/\(id)", "/campaigns/\(id)/edit"] {
                let page = try await browser.get(path)
                #expect(page.status == 200, "\(path)")
                #expect(page.text.contains("&lt;script&gt;alert(1)&lt;/script&gt;"), "\(path)")
                #expect(!page.text.contains("<script>alert"), "\(path)")
            }
            #expect(try await browser.post("/campaigns/\(id)/delete", form: [:]).headers["Location"].first == "/campaigns")
            #expect(try await browser.get("/campaigns/\(id)").status == 404)
        }
    }

    /// The composer's fields for the fixture's template, as a browser posts them.
    private func form(_ fixture: CampaignFixture, _ extra: [String: String] = [:]) -> [String: String] {
        var fields = [
            "name": "Printemps", "number_id": fixture.numberID, "template": "relais_promo:fr", "variables.body.0": "{first_name|client}",
            "variables.body.1": "-20 %", "audience.tags_any.0": "vip", "intent": "review",
        ]
        fields.merge(extra) { $1 }
        return fields
    }
}
