import Foundation
import Logging
import RelaisCore
import RelaisStore
import RelaisWeb
import Testing

/// The Reports page (exports, weekly files, the admin's weekly switch) and the weekly report service run with a
/// fake clock: one file per due company and week, none the second time, one when two services race.
@Suite struct WeeklyReportTests {
    /// Monday 16 November 2026, 08:00 UTC (09:00 in Paris): the week due is 9–15 November, the fixture's.
    static let monday = Date(timeIntervalSince1970: 1_794_816_000)

    static func settings(now: Date) -> WeeklyReportService.Settings {
        var settings = WeeklyReportService.Settings()
        settings.now = { now }
        return settings
    }

    static func files(_ tenant: String, from: String) async throws -> Int {
        try await WebhookTests.ownerCount(
            "SELECT count(*)::int FROM report_files WHERE tenant_id = '\(tenant)' AND kind = 'weekly_overview' AND period_from = '\(from)'")
    }

    static func enableWeekly(_ tenant: String) async throws {
        _ = try await WebhookTests.ownerCount("WITH u AS (UPDATE companies SET weekly_report = true WHERE tenant_id = '\(tenant)' RETURNING 1) SELECT count(*)::int FROM u")
    }

    @Test func theServiceWritesOneReportPerDueCompanyAndWeek() async throws {
        try await TestServer.with { server in
            let fixture = try await AnalyticsFixture.make(on: server)
            let tenant = fixture.admin.companyID
            let settings = Self.settings(now: Self.monday)
            // Off: nothing for this company.
            try await WebhookTests.withDatabase { database in
                _ = try await WeeklyReportService(database: database, logger: Logger(label: "t"), settings: settings).runOnce()
            }
            #expect(try await Self.files(tenant, from: "2026-11-09") == 0)

            try await Self.enableWeekly(tenant)
            let first = try await WebhookTests.withDatabase { database in
                try await WeeklyReportService(database: database, logger: Logger(label: "t"), settings: settings).runOnce()
            }
            #expect(first >= 1)
            #expect(try await Self.files(tenant, from: "2026-11-09") == 1)
            try await WebhookTests.withDatabase { database in
                _ = try await WeeklyReportService(database: database, logger: Logger(label: "t"), settings: settings).runOnce()
            }
            #expect(try await Self.files(tenant, from: "2026-11-09") == 1)

            // The page lists it; its download is the week's overview, and another company cannot fetch it.
            let admin = try await BrowserSession.logIn(on: server, email: fixture.admin.email, password: fixture.admin.password)
            let page = try await admin.get("/reports")
            #expect(page.status == 200)
            // The link of this week's file: a service run by another test with another clock may have added a later week.
            let href = try #require(
                page.text.range(of: #"/reports/files/[0-9a-f-]{36}(?="[^>]*>Weekly overview 2026-11-09)"#, options: .regularExpression)
                    .map { String(page.text[$0]) })
            #expect(page.text.contains("Weekly overview 2026-11-09 – 2026-11-15"))
            let download = try await admin.get(href)
            #expect(download.status == 200 && download.headers["Content-Type"].first == "application/pdf")
            let (text, _) = try await ReportFileInspection.pdfText(download.body)
            #expect(text.contains("Boulangerie Éclair") && text.contains("2026-11-09 – 2026-11-15"))
            #expect(ReportExportTests.hasRow(text, "2026-11-10", ["8", "7", "6", "3", "1", "85.7%", "50.0%"]))
            let other = try await TestTenant.signUp(on: server)
            let stranger = try await BrowserSession.logIn(on: server, email: other.email, password: other.password)
            #expect(try await stranger.get(href).status == 404)
        }
    }

    @Test func twoServicesRacingWriteOneFile() async throws {
        try await TestServer.with { server in
            let tenant = try await TestTenant.signUp(on: server, company: "Course & Cie").companyID
            try await Self.enableWeekly(tenant)
            // Monday 23 November 2026, 10:00 UTC: the week due is 16–22 November.
            let settingsCopy = Self.settings(now: Self.monday.addingTimeInterval(7 * 86_400 + 2 * 3_600))
            try await WebhookTests.withDatabase { database in
                let one = try WeeklyReportService(database: database, logger: Logger(label: "one"), settings: settingsCopy)
                let two = try WeeklyReportService(database: database, logger: Logger(label: "two"), settings: settingsCopy)
                async let a = one.runOnce()
                async let b = two.runOnce()
                _ = try await (a, b)
            }
            #expect(try await Self.files(tenant, from: "2026-11-16") == 1)
        }
    }

    @Test func adminsToggleTheWeeklyReportAndOperatorsCannot() async throws {
        try await TestServer.with { server in
            let tenant = try await TestTenant.signUp(on: server)
            let admin = try await BrowserSession.logIn(on: server, email: tenant.email, password: tenant.password)
            let before = try await admin.get("/reports")
            #expect(before.status == 200)
            #expect(before.text.contains(#"action="/reports/weekly""#) && before.text.contains("Generate the weekly overview every Monday"))
            #expect(before.text.contains(#"action="/reports/overview.pdf""#) && before.text.contains("/api/v1/reports/overview.xlsx"))
            #expect(before.text.contains("No weekly report yet."))
            let posted = try await admin.post("/reports/weekly", form: ["weekly_report": "on"])
            #expect(posted.status == 303 && posted.headers["Location"].first == "/reports")
            let after = try await admin.get("/reports")
            #expect(after.text.contains("Weekly reports are on") && after.text.contains("Stop the weekly overview"))
            let audit = try await server.request(.GET, "/api/v1/audit-log?limit=500", token: tenant.accessToken).text
            #expect(audit.contains("report.weekly_changed"))
            // A form without the CSRF token is refused and changes nothing.
            _ = try await admin.post("/reports/weekly", form: ["weekly_report": "off"], csrf: "forged")
            #expect(try await admin.get("/reports").text.contains("Stop the weekly overview"))

            _ = try await tenant.addMember(on: server, role: "operator")
            let users = try await server.request(.GET, "/api/v1/users", token: tenant.accessToken)
            let email = try #require((users.json["data"] as? [[String: Any]])?.first { $0["role"] as? String == "operator" }?["email"] as? String)
            let operatorBrowser = try await BrowserSession.logIn(on: server, email: email, password: "member-password-1")
            let seen = try await operatorBrowser.get("/reports")
            #expect(seen.status == 200 && seen.text.contains("Weekly reports"))
            #expect(!seen.text.contains(#"action="/reports/weekly""#) && !seen.text.contains(#"action="/reports/overview.pdf""#))
            #expect(try await operatorBrowser.post("/reports/weekly", form: ["weekly_report": "off"]).status == 403)
            #expect(try await admin.get("/reports").text.contains("Stop the weekly overview"))
        }
    }
}
