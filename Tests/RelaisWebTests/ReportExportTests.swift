import Foundation
import Testing

/// The PDF and Excel exports of the overview and of a campaign, read back with pdftotext, pypdf and openpyxl and
/// checked against the hand-computed figures of `AnalyticsFixture`; their isolation, validation and audit.
@Suite struct ReportExportTests {
    /// Whether some line of `text` holds exactly `tokens` after `lead` (split on any whitespace, no-break included).
    static func hasRow(_ text: String, _ lead: String, _ tokens: [String]) -> Bool {
        text.split(whereSeparator: \.isNewline).contains { line in
            let fields = line.split(whereSeparator: \.isWhitespace).map(String.init)
            guard let start = fields.firstIndex(of: lead) else { return false }
            return Array(fields[(start + 1)...]) == tokens
        }
    }

    @Test func theOverviewPDFHasTheHandComputedFiguresInEnglishAndFrench() async throws {
        try await TestServer.with { server in
            let fixture = try await AnalyticsFixture.make(on: server)
            let token = fixture.admin.accessToken
            let english = try await server.request(.GET, "/api/v1/reports/overview.pdf?from=2026-11-10&to=2026-11-11", token: token)
            #expect(english.status == 200)
            #expect(english.headers["Content-Type"].first == "application/pdf")
            let (text, pages) = try await ReportFileInspection.pdfText(english.body)
            #expect(pages >= 1)
            #expect(text.contains("Boulangerie Éclair") && text.contains("Overview report"))
            #expect(text.contains("2026-11-10 – 2026-11-11"))
            #expect(text.contains("87.5%") && text.contains("57.1%"))
            // Per day: messages, sent, delivered, read, failed, delivery and read rates.
            #expect(Self.hasRow(text, "2026-11-10", ["8", "7", "6", "3", "1", "85.7%", "50.0%"]), "\(text)")
            #expect(Self.hasRow(text, "2026-11-11", ["2", "1", "1", "1", "1", "100.0%", "100.0%"]))
            #expect(text.contains("131026") && text.contains("131049") && text.contains("Message undeliverable"))
            #expect(text.contains("Page 1 / \(pages)"))

            let french = try await server.request(
                .GET, "/api/v1/reports/overview.pdf?from=2026-11-10&to=2026-11-11", token: token, headers: [("Accept-Language", "fr")])
            let (texte, _) = try await ReportFileInspection.pdfText(french.body)
            #expect(texte.contains("Rapport d'ensemble") && texte.contains("Période") && texte.contains("Motifs d'échec"))
            #expect(Self.hasRow(texte, "10/11/2026", ["8", "7", "6", "3", "1", "85,7", "%", "50,0", "%"]), "\(texte)")
            #expect(texte.contains("87,5 %") || texte.contains("87,5\u{A0}%"))
            #expect(texte.contains("Message non distribuable") && texte.contains("d’utilisateur"))

            let audit = try await server.request(.GET, "/api/v1/audit-log?limit=500", token: token).text
            #expect(audit.contains("report.exported") && audit.contains("\"pdf\""))
        }
    }

    @Test func theCampaignPDFListsRunsVariantsAndEveryRecipient() async throws {
        try await TestServer.with { server in
            let fixture = try await AnalyticsFixture.make(on: server)
            let response = try await server.request(.GET, "/api/v1/campaigns/\(fixture.campaignA)/report.pdf", token: fixture.admin.accessToken)
            #expect(response.status == 200)
            let (text, _) = try await ReportFileInspection.pdfText(response.body)
            #expect(text.contains("Boulangerie Éclair") && text.contains("Noël à Besançon"))
            #expect(text.contains("Per run") && text.contains("Per variant") && text.contains("#1"))
            #expect(Self.hasRow(text, "1", ["4", "3", "3", "2", "1", "100.0%", "66.7%"]), "\(text)")
            #expect(Self.hasRow(text, "2", ["4", "4", "3", "1", "0", "75.0%", "33.3%"]))
            for index in 0..<8 { #expect(text.contains("+3361234560\(index)"), "recipient \(index) missing") }
            #expect(!text.contains("+33612345608"))
            #expect(text.contains("131026"))
        }
    }

    @Test func exportsAreIsolatedValidatedAndForbiddenToOperators() async throws {
        try await TestServer.with { server in
            let fixture = try await AnalyticsFixture.make(on: server)
            let other = try await TestTenant.signUp(on: server)
            for path in ["report.pdf", "report.xlsx"] {
                #expect(try await server.request(.GET, "/api/v1/campaigns/\(fixture.campaignA)/\(path)", token: other.accessToken).status == 404)
            }
            let bad = try await server.request(.GET, "/api/v1/reports/overview.pdf?period=year", token: fixture.admin.accessToken)
            #expect(bad.status == 422)
            #expect(bad.headers["Content-Type"].first == "application/problem+json")
            #expect(try await server.request(.GET, "/api/v1/reports/overview.pdf?from=2026-11-10&to=2026-11-01", token: fixture.admin.accessToken).status == 422)

            // The browser's page routes: the same export for a signed-in admin, refused to another company and to operators.
            let admin = try await BrowserSession.logIn(on: server, email: fixture.admin.email, password: fixture.admin.password)
            let page = try await admin.get("/reports/overview.pdf?from=2026-11-10&to=2026-11-11")
            #expect(page.status == 200 && page.headers["Content-Type"].first == "application/pdf")
            #expect(try await ReportFileInspection.pdfText(page.body).text.contains("Boulangerie Éclair"))
            #expect(try await admin.get("/campaigns/\(fixture.campaignA)/report.pdf").status == 200)
            // The workbook is reachable from the session too, at its API path (the Reports page's Excel button).
            let workbook = try await admin.get("/api/v1/reports/overview.xlsx?period=7d")
            #expect(workbook.status == 200 && workbook.headers["Content-Type"].first == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
            let stranger = try await BrowserSession.logIn(on: server, email: other.email, password: other.password)
            #expect(try await stranger.get("/campaigns/\(fixture.campaignA)/report.pdf").status == 404)
            _ = try await fixture.admin.addMember(on: server, role: "operator")
            let users = try await server.request(.GET, "/api/v1/users", token: fixture.admin.accessToken)
            let email = try #require((users.json["data"] as? [[String: Any]])?.first { $0["role"] as? String == "operator" }?["email"] as? String)
            let operatorBrowser = try await BrowserSession.logIn(on: server, email: email, password: "member-password-1")
            #expect(try await operatorBrowser.get("/reports/overview.pdf").status == 403)
        }
    }

    @Test func theOverviewWorkbookHasStyledSheetsAndTheRightFigures() async throws {
        try await TestServer.with { server in
            let fixture = try await AnalyticsFixture.make(on: server)
            let response = try await server.request(.GET, "/api/v1/reports/overview.xlsx?from=2026-11-10&to=2026-11-11", token: fixture.admin.accessToken)
            #expect(response.status == 200)
            let book = try await ReportFileInspection.workbook(response.body)
            #expect(book["sheets"] as? [String] == ["Summary", "Totals", "Per day", "Campaigns", "Failures"])
            let data = book["data"] as? [String: [String: Any]] ?? [:]
            let summary = data["Summary"]?["rows"] as? [[String]] ?? []
            #expect(summary.contains(["Company", "Boulangerie Éclair"]))
            let totals = try #require(data["Totals"])
            #expect(totals["header_bold"] as? Bool == true && totals["header_filled"] as? Bool == true)
            let current = (totals["rows"] as? [[String]] ?? []).dropFirst().first ?? []
            #expect(Array(current.prefix(10)) == ["This period", "10", "0", "8", "7", "4", "2", "0", "2", "1"])
            #expect(current.count > 10 && Double(current[10]) == 0.875)
            #expect((totals["formats"] as? [String] ?? []).contains("0.0%"))
            let days = try #require(data["Per day"])
            let dayRows = (days["rows"] as? [[String]] ?? []).dropFirst()
            #expect(dayRows.map { String($0.first?.prefix(10) ?? "") } == ["2026-11-10", "2026-11-11"])
            #expect(Array(dayRows.first?.dropFirst().prefix(6) ?? []) == ["8", "0", "7", "6", "3", "1"])
            #expect((days["formats"] as? [String])?.first == "yyyy-mm-dd")
            let failures = (data["Failures"]?["rows"] as? [[String]] ?? []).dropFirst().map { Array($0.prefix(2)) }
            #expect(failures.sorted { $0[0] < $1[0] } == [["131026", "1"], ["131049", "1"]])
        }
    }

    @Test func theCampaignWorkbookHasEveryRecipient() async throws {
        try await TestServer.with { server in
            let fixture = try await AnalyticsFixture.make(on: server)
            let response = try await server.request(.GET, "/api/v1/campaigns/\(fixture.campaignA)/report.xlsx", token: fixture.admin.accessToken)
            #expect(response.status == 200)
            let book = try await ReportFileInspection.workbook(response.body)
            #expect(book["sheets"] as? [String] == ["Summary", "Totals", "Per day", "Failures", "Recipients"])
            let data = book["data"] as? [String: [String: Any]] ?? [:]
            let recipients = try #require(data["Recipients"])
            let rows = (recipients["rows"] as? [[String]] ?? [])
            #expect(rows.first?.first == "Phone" && recipients["header_bold"] as? Bool == true)
            #expect(Set(rows.dropFirst().map { $0[0] }) == Set((0..<8).map { "+3361234560\($0)" }))
            #expect(rows.dropFirst().filter { $0[4] == "Read" }.count == 3)
            #expect(rows.dropFirst().contains { $0[11] == "131026" })
            let totals = (data["Totals"]?["rows"] as? [[String]] ?? []).dropFirst()
            #expect(Array(totals.first?.prefix(6) ?? []) == ["All runs", "8", "0", "7", "6", "3"])
            #expect(totals.contains { $0.first == "Variant 1" } && totals.contains { $0.first == "Variant 2" })
        }
    }
}
