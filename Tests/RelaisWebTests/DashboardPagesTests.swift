import Foundation
import RelaisTestSupport
import Testing

/// The dashboard and the campaign report pages against the hand-computed `AnalyticsFixture` (10–11 November 2026:
/// sent 8, delivered 7, read 4, replied 2, failed 2, one opt-out), in English and French, and their bad inputs.
@Suite struct DashboardPagesTests {
    /// The value shown in the headline card `key` (`data-figure="sent"`).
    static func figure(_ key: String, in html: String) -> String? {
        guard let start = html.range(of: "data-figure=\"\(key)\"") else { return nil }
        let rest = html[start.upperBound...]
        guard let open = rest.range(of: "<span class=\"figure-value\">"), let close = rest[open.upperBound...].range(of: "</span>") else { return nil }
        return String(rest[open.upperBound..<close.lowerBound])
    }

    /// Every chart: an accessible SVG of its own, its table behind a disclosure, and no slot token or NaN left over.
    static func expectChart(_ id: String, caption: String, in html: String) {
        #expect(html.contains("<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart") && html.contains("id=\"\(id)\" role=\"img\""), "\(id)")
        #expect(html.contains("<title id=\"\(id)-title\">\(caption)</title>"), "\(id) title")
        #expect(html.contains("<figure class=\"chart-figure\" data-testid=\"\(id)\">"), "\(id) figure")
        #expect(html.contains("<caption>\(caption)</caption>"), "\(id) table")
    }

    static func expectClean(_ html: String) {
        #expect(!html.contains("relais-fragment-"))
        #expect(!html.contains("NaN") && !html.contains("nan%") && !html.contains("Infinity") && !html.contains(">inf"))
    }

    @Test func theDashboardShowsTheHandComputedFiguresAndEveryChartWithItsTable() async throws {
        try await TestServer.with { server in
            let fixture = try await AnalyticsFixture.make(on: server)
            let browser = try await BrowserSession.logIn(on: server, email: fixture.admin.email, password: fixture.admin.password)
            let page = try await browser.get("/?from=2026-11-10&to=2026-11-11")
            #expect(page.status == 200, "\(page.text.prefix(500))")
            let html = page.text
            let figures = ["sent", "delivered", "read", "replied", "failed", "opted_out"].map { Self.figure($0, in: html) }
            #expect(figures == ["8", "7", "4", "2", "2", "1"])
            #expect(Self.figure("cost", in: html) == "€0.52")
            #expect(html.contains("Delivery rate 87.5%") && html.contains("Read rate 57.1%") && html.contains("Failure rate 20%"))
            // Nothing in 8–9 November: no change can be computed, shown as a dash, never NaN or infinity.
            #expect(html.contains("class=\"change change-flat\""))
            Self.expectChart("chart-per-day", caption: "Messages per day", in: html)
            Self.expectChart("chart-funnel", caption: "Sent → delivered → read → replied", in: html)
            Self.expectChart("chart-heat", caption: "Read rate by hour and weekday", in: html)
            Self.expectChart("chart-failures", caption: "Failure reasons", in: html)
            Self.expectChart("chart-opt-outs", caption: "Opt-outs per day", in: html)
            Self.expectClean(html)
            // Per day by final status: 10 Nov read 3, delivered only 3, sent only 1, failed 1; 11 Nov read 1, failed 1.
            #expect(html.contains("<tr><td>Nov 10</td><td>3</td><td>3</td><td>1</td><td>1</td><td>0</td><td>0</td></tr>"))
            #expect(html.contains("<tr><td>Nov 11</td><td>1</td><td>0</td><td>0</td><td>1</td><td>0</td><td>0</td></tr>"))
            // Heat map in Paris time: Tuesday 10 h read 3 of 6 delivered, Wednesday 21 h 1 of 1.
            #expect(html.contains("<td>Tue</td>") && html.contains("<td>50%</td>") && html.contains("<td>100%</td>"))
            // Top campaigns link to their report; the long name is truncated by CSS and whole in the title.
            #expect(html.contains("href=\"/campaigns/\(fixture.campaignA.uuidString.lowercased())/report\""))
            #expect(html.contains("Noël à Besançon"))
            // Failure reasons with Meta's codes explained.
            #expect(html.contains("<code>131026</code>") && html.contains("Message undeliverable"))
            #expect(html.contains("<code>131049</code>"))
            // Exports of the same period; the checklist is gone once the company sent something.
            #expect(html.contains("href=\"/api/v1/reports/overview.xlsx?from=2026-11-10&amp;to=2026-11-11\""))
            #expect(html.contains("href=\"/reports/overview.pdf?from=2026-11-10&amp;to=2026-11-11\""))
            #expect(!html.contains("Getting started"))
            #expect(html.contains("data-testid=\"number-health\""))
            // The export link works with the browser session.
            let workbook = try await browser.get("/api/v1/reports/overview.xlsx?from=2026-11-10&to=2026-11-11")
            #expect(workbook.status == 200 && workbook.body.starts(with: Data("PK".utf8)))
        }
    }

    @Test func theDashboardSpeaksFrenchWithFrenchNumbers() async throws {
        try await TestServer.with { server in
            let fixture = try await AnalyticsFixture.make(on: server)
            let browser = try await BrowserSession.logIn(on: server, email: fixture.admin.email, password: fixture.admin.password)
            browser.language = "fr-FR,fr;q=0.9"
            let html = try await browser.get("/?from=2026-11-10&to=2026-11-11").text
            #expect(html.contains("<html lang=\"fr\">"))
            #expect(html.contains("Taux de distribution 87,5\u{00A0}%") && html.contains("Taux de lecture 57,1\u{00A0}%"))
            #expect(Self.figure("cost", in: html) == "0,52\u{00A0}€")
            #expect(html.contains("<caption>Messages par jour</caption>") && html.contains("<tr><td>10/11</td><td>3</td>"))
            #expect(html.contains("<td>mar.</td>") && html.contains("Message non distribuable"))
            #expect(html.contains("Afficher le tableau"))
            Self.expectClean(html)
        }
    }

    @Test func badPeriodsShowAMessageOrAnEmptyStateNeverAnError() async throws {
        try await TestServer.with { server in
            let fixture = try await AnalyticsFixture.make(on: server)
            let browser = try await BrowserSession.logIn(on: server, email: fixture.admin.email, password: fixture.admin.password)
            let empty = try await browser.get("/?from=2020-01-01&to=2020-01-31")
            #expect(empty.status == 200 && empty.text.contains("data-testid=\"empty-period\""))
            #expect(Self.figure("sent", in: empty.text) == "0" && empty.text.contains("Read rate —"))
            Self.expectClean(empty.text)
            let inverted = try await browser.get("/?from=2026-11-11&to=2026-11-10")
            #expect(inverted.status == 422)
            #expect(inverted.text.contains("The end date is before the start date") && inverted.text.contains("value=\"2026-11-11\""))
            #expect(!inverted.text.contains("data-testid=\"figures\""))
            let typo = try await browser.get("/?from=2026-13-45&to=2026-11-10")
            #expect(typo.status == 422 && typo.text.contains("Enter a date as YYYY-MM-DD"))
            let tooLong = try await browser.get("/?from=2000-01-01&to=2026-11-11")
            #expect(tooLong.status == 422 && tooLong.text.contains("at most 10 years"))
            // Ten years is allowed, as by the API; the per-day chart lists the days that have messages.
            let decade = try await browser.get("/?from=2016-11-13&to=2026-11-11")
            #expect(decade.status == 200 && Self.figure("sent", in: decade.text) == "8")
            #expect(decade.text.contains("<td>Nov 10</td>") && !decade.text.contains("<td>Nov 12</td>"))
            Self.expectClean(decade.text)
            for preset in ["today", "7d", "30d"] {
                let page = try await browser.get("/?period=\(preset)")
                #expect(page.status == 200 && page.text.contains("value=\"\(preset)\" aria-pressed=\"true\""), "\(preset)")
            }
            #expect(try await browser.get("/?period=year").status == 422)
        }
    }

    @Test func aCompanyThatNeverSentSeesTheChecklistAndEmptyFigures() async throws {
        try await TestServer.with { server in
            let tenant = try await TestTenant.signUp(on: server)
            let browser = try await BrowserSession.logIn(on: server, email: tenant.email, password: tenant.password)
            let page = try await browser.get("/")
            #expect(page.status == 200)
            #expect(page.text.contains("Getting started") && page.text.contains("data-testid=\"empty-period\""))
            Self.expectClean(page.text)
        }
    }

    @Test func theCampaignReportShowsItsFiguresVariantsFailuresAndFilteredRecipients() async throws {
        try await TestServer.with { server in
            let fixture = try await AnalyticsFixture.make(on: server)
            let browser = try await BrowserSession.logIn(on: server, email: fixture.admin.email, password: fixture.admin.password)
            let path = "/campaigns/\(fixture.campaignA.uuidString.lowercased())/report"
            let page = try await browser.get(path)
            #expect(page.status == 200, "\(page.text.prefix(500))")
            let html = page.text
            let figures = ["sent", "delivered", "read", "replied", "failed", "opted_out"].map { Self.figure($0, in: html) }
            #expect(figures == ["7", "6", "3", "2", "1", "1"])
            Self.expectChart("report-funnel", caption: "Sent → delivered → read → replied", in: html)
            // Everything was sent on 10 November: the timeline is per hour.
            Self.expectChart("report-timeline", caption: "Sends and reads per hour", in: html)
            Self.expectChart("report-failures", caption: "Failure reasons", in: html)
            Self.expectClean(html)
            // Variant A: 2 read of 3 delivered; B: 1 of 3. Far from significant with six messages.
            #expect(html.contains("data-testid=\"variants\""))
            #expect(html.contains("66.7%") && html.contains("33.3%"))
            #expect(html.contains("Variant A leads, but the difference is not significant yet"))
            #expect(html.contains("<code>131026</code>") && !html.contains("<code>131049</code>"))
            #expect(html.contains("href=\"/api/v1/campaigns/\(fixture.campaignA.uuidString.lowercased())/report.xlsx\""))
            #expect(html.contains("href=\"\(path).pdf\""))
            #expect(html.contains("+33612345600") && html.contains("+33612345607"))

            let failed = try await browser.get(path + "?status=failed").text
            #expect(failed.contains("+33612345603") && !failed.contains("+33612345600"))
            #expect(failed.contains("Message undeliverable"))
            let read = try await browser.get(path + "?status=read").text
            #expect(["+33612345600", "+33612345601", "+33612345604"].allSatisfy(read.contains) && !read.contains("+33612345602"))
            #expect(read.contains("class=\"chip chip-active\" href=\"\(path)?status=read#recipients\""))
            let none = try await browser.get(path + "?status=skipped").text
            #expect(none.contains("data-testid=\"no-recipients\""))

            // The campaign page links its report.
            #expect(try await browser.get("/campaigns/\(fixture.campaignA.uuidString.lowercased())").text.contains("href=\"\(path)\""))
        }
    }

    @Test func anEmptyCampaignWithALongEmojiNameRendersAndOtherTenantsGetA404() async throws {
        try await TestServer.with { server in
            let fixture = try await AnalyticsFixture.make(on: server)
            let empty = UUID()
            // The longest name the schema accepts (120 characters), emojis and accents included.
            let name = String(repeating: "Promo 🎉 été ", count: 25).prefix(120)
            let owner = try await TestDatabase.shared.start().owner
            try await TestDatabase.withClient(owner) { client in
                try await client.query(
                    """
                    INSERT INTO campaigns (tenant_id, id, name, number_id, state, content)
                    SELECT tenant_id, \(empty), \(String(name)), number_id, 'draft', content FROM campaigns WHERE id = \(fixture.campaignA)
                    """)
            }
            let browser = try await BrowserSession.logIn(on: server, email: fixture.admin.email, password: fixture.admin.password)
            let page = try await browser.get("/campaigns/\(empty.uuidString.lowercased())/report")
            #expect(page.status == 200, "\(page.text.prefix(500))")
            #expect(page.text.contains("data-testid=\"empty-report\"") && page.text.contains("title=\"\(name)\""))
            #expect(page.text.contains("class=\"truncate\"") && Self.figure("sent", in: page.text) == "0")
            #expect(page.text.contains("data-testid=\"no-recipients\""))
            Self.expectClean(page.text)

            #expect(try await browser.get("/campaigns/\(UUID().uuidString.lowercased())/report").status == 404)
            #expect(try await browser.get("/campaigns/\(fixture.campaignA.uuidString.lowercased())/report?run=\(UUID())").status == 404)
            let other = try await TestTenant.signUp(on: server, company: "Concurrent")
            let intruder = try await BrowserSession.logIn(on: server, email: other.email, password: other.password)
            let foreign = try await intruder.get("/campaigns/\(fixture.campaignA.uuidString.lowercased())/report")
            #expect(foreign.status == 404 && !foreign.text.contains("Noël"))
            #expect(foreign.text.contains("This page does not exist"))
            // The other company's dashboard shows none of the fixture's figures.
            #expect(Self.figure("sent", in: try await intruder.get("/?from=2026-11-10&to=2026-11-11").text) == "0")
        }
    }
}
