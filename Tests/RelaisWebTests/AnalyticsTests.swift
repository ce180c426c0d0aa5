import Foundation
import PostgresNIO
import RelaisTestSupport
import Testing

/// The analytics figures against the hand-computed fixture (see `AnalyticsFixture`), the period rules, and the
/// recipients list.
@Suite struct AnalyticsTests {
    static func totals(_ json: [String: Any], _ key: String = "totals") -> [String: Any] { json[key] as? [String: Any] ?? [:] }

    @Test func theOverviewShowsTheHandComputedFigures() async throws {
        try await TestServer.with { server in
            let fixture = try await AnalyticsFixture.make(on: server)
            let response = try await server.request(.GET, "/api/v1/reports/overview?from=2026-11-10&to=2026-11-11", token: fixture.admin.accessToken)
            #expect(response.status == 200, "\(response.text)")
            let json = response.json
            let totals = Self.totals(json)
            #expect(totals["messages"] as? Int == 10)
            #expect(totals["sent"] as? Int == 8)
            #expect(totals["delivered"] as? Int == 7)
            #expect(totals["read"] as? Int == 4)
            #expect(totals["failed"] as? Int == 2)
            #expect(totals["replied"] as? Int == 2)
            #expect(totals["opted_out"] as? Int == 1)
            #expect(totals["delivery_rate"] as? Double == 7.0 / 8.0)
            #expect(totals["read_rate"] as? Double == 4.0 / 7.0)
            #expect(totals["reply_rate"] as? Double == 2.0 / 7.0)
            #expect(totals["failure_rate"] as? Double == 0.2)
            #expect(abs((json["estimated_cost"] as? Double ?? 0) - 6 * 0.086) < 1e-9)
            // The previous two days had nothing: zero counts, rates absent (never NaN).
            let previous = Self.totals(json, "previous")
            #expect(previous["messages"] as? Int == 0)
            #expect(previous["messages"] != nil && previous["read_rate"] == nil)
            let period = json["period"] as? [String: Any] ?? [:]
            #expect(period["previous_from"] as? String == "2026-11-08" && period["previous_to"] as? String == "2026-11-09")

            let days = json["days"] as? [[String: Any]] ?? []
            #expect(days.map { $0["day"] as? String } == ["2026-11-10", "2026-11-11"])
            let first = days.first?["totals"] as? [String: Any] ?? [:]
            #expect(first["messages"] as? Int == 8 && first["read"] as? Int == 3 && first["delivered"] as? Int == 6 && first["failed"] as? Int == 1)
            // Heat map cells in Paris time: Tuesday 10 h (campaign A) and Wednesday 21 h (campaign B).
            let cells = (json["heat_map"] as? [[String: Any]] ?? []).map { "\($0["weekday"] ?? "")@\($0["hour"] ?? ""):\($0["read"] ?? "")/\($0["delivered"] ?? "")" }
            #expect(cells == ["2@10:3/6", "3@21:1/1"])
            let failures = (json["failures"] as? [[String: Any]] ?? []).compactMap { $0["code"] as? Int }.sorted()
            #expect(failures == [131026, 131049])
            let top = json["top_campaigns"] as? [[String: Any]] ?? []
            #expect(top.first?["name"] as? String == AnalyticsFixture.campaignAName)
            #expect((top.first?["totals"] as? [String: Any])?["sent"] as? Int == 7)
            #expect((json["numbers"] as? [[String: Any]])?.count == 1)

            // One day only, and the day after with nothing at all.
            let second = try await server.request(.GET, "/api/v1/reports/overview?from=2026-11-11&to=2026-11-11", token: fixture.admin.accessToken).json
            #expect(Self.totals(second)["messages"] as? Int == 2 && Self.totals(second)["read"] as? Int == 1)
            #expect(Self.totals(second, "previous")["messages"] as? Int == 8)
            let empty = try await server.request(.GET, "/api/v1/reports/overview?from=2026-11-12&to=2026-11-12", token: fixture.admin.accessToken).json
            #expect(Self.totals(empty)["messages"] as? Int == 0 && Self.totals(empty)["delivery_rate"] == nil)
        }
    }

    @Test func theCampaignReportCountsEachVariantAndRespectsPrecedence() async throws {
        try await TestServer.with { server in
            let fixture = try await AnalyticsFixture.make(on: server)
            let token = fixture.admin.accessToken
            let report = try await server.request(.GET, "/api/v1/campaigns/\(fixture.campaignA)/report", token: token)
            #expect(report.status == 200, "\(report.text)")
            let totals = Self.totals(report.json)
            #expect(totals["messages"] as? Int == 8 && totals["read"] as? Int == 3 && totals["failed"] as? Int == 1)
            let variants = (report.json["variants"] as? [[String: Any]] ?? []).map { variant -> [Int] in
                let t = variant["totals"] as? [String: Any] ?? [:]
                return [variant["variant"] as? Int ?? -1, t["sent"] as? Int ?? -1, t["delivered"] as? Int ?? -1, t["read"] as? Int ?? -1, t["replied"] as? Int ?? -1]
            }
            #expect(variants == [[1, 3, 3, 2, 1], [2, 4, 3, 1, 1]])
            let comparison = report.json["comparison"] as? [String: Any] ?? [:]
            #expect(comparison["leader"] as? Int == 1 && comparison["significant"] as? Bool == false)
            #expect((report.json["runs"] as? [[String: Any]])?.count == 1)

            // Campaign B: the late read and the late delivered changed nothing.
            let b = Self.totals(try await server.request(.GET, "/api/v1/campaigns/\(fixture.campaignB)/report", token: token).json)
            #expect(b["read"] as? Int == 1 && b["failed"] as? Int == 1 && b["delivered"] as? Int == 1 && b["messages"] as? Int == 2)

            // Recipients filtered by status, paged by cursor.
            let read = try await server.request(.GET, "/api/v1/campaigns/\(fixture.campaignA)/recipients?status=read&limit=2", token: token).json
            let firstPage = read["data"] as? [[String: Any]] ?? []
            #expect(firstPage.count == 2 && firstPage.allSatisfy { $0["status"] as? String == "read" })
            let next = try #require(read["next"] as? String)
            let rest = try await server.request(.GET, "/api/v1/campaigns/\(fixture.campaignA)/recipients?status=read&limit=2&after=\(next)", token: token).json
            #expect((rest["data"] as? [Any])?.count == 1 && rest["next"] is NSNull)
            let failed = try await server.request(.GET, "/api/v1/campaigns/\(fixture.campaignA)/recipients?status=failed", token: token).json
            #expect((failed["data"] as? [[String: Any]])?.first?["error_code"] as? Int == 131026)
            #expect(try await server.request(.GET, "/api/v1/campaigns/\(fixture.campaignA)/recipients?status=bogus", token: token).status == 422)

            // A second run of campaign A: each run lists its own recipients, here and on the report page.
            let second = UUID()
            let tenant = try #require(UUID(uuidString: fixture.admin.companyID))
            try await TestDatabase.withClient(try await TestDatabase.shared.start().owner) { client in
                try await client.query(
                    """
                    INSERT INTO campaign_runs (tenant_id, id, campaign_id, number_id, occurrence, state)
                    SELECT tenant_id, \(second), campaign_id, number_id, 1, 'completed' FROM campaign_runs WHERE tenant_id = \(tenant) AND id = \(fixture.runA)
                    """)
                try await client.query(
                    """
                    INSERT INTO outbound_messages (tenant_id, id, number_id, to_phone, status, callback_id, sent_at, campaign_id, run_id, variant)
                    SELECT tenant_id, gen_random_uuid(), number_id, '+33698765432', 'sent', gen_random_uuid(), now(), campaign_id, \(second), 1
                    FROM campaign_runs WHERE tenant_id = \(tenant) AND id = \(second)
                    """)
            }
            func phones(run: UUID) async throws -> [String] {
                let page = try await server.request(.GET, "/api/v1/campaigns/\(fixture.campaignA)/recipients?run=\(run)", token: token).json
                return (page["data"] as? [[String: Any]] ?? []).compactMap { $0["phone"] as? String }
            }
            #expect(try await phones(run: second) == ["+33698765432"])
            let first = try await phones(run: fixture.runA)
            #expect(first.count == 8 && !first.contains("+33698765432"))
            let every = try await server.request(.GET, "/api/v1/campaigns/\(fixture.campaignA)/recipients", token: token).json
            #expect((every["data"] as? [Any])?.count == 9)
            #expect(try await server.request(.GET, "/api/v1/campaigns/\(fixture.campaignA)/recipients?run=nope", token: token).status == 422)
            let browser = try await BrowserSession.logIn(on: server, email: fixture.admin.email, password: fixture.admin.password)
            let page = try await browser.get("/campaigns/\(fixture.campaignA)/report?run=\(second)").text
            #expect(page.contains("+33698765432") && !page.contains("+33612345600"))
        }
    }

    @Test func badPeriodsAreRefusedWithAClearMessageAndLongOnesWork() async throws {
        try await TestServer.with { server in
            let admin = try await TestTenant.signUp(on: server)
            func get(_ query: String) async throws -> TestResponse {
                try await server.request(.GET, "/api/v1/reports/overview?\(query)", token: admin.accessToken)
            }
            let inverted = try await get("from=2026-11-10&to=2026-11-01")
            #expect(inverted.status == 422)
            #expect(inverted.text.contains("The end date is before the start date"))
            #expect(try await get("from=2026-02-30&to=2026-03-01").status == 422)
            #expect(try await get("from=2010-01-01&to=2026-01-01").status == 422)
            #expect(try await get("period=year").status == 422)
            let tenYears = try await get("from=2016-11-12&to=2026-11-11")
            #expect(tenYears.status == 200)
            #expect(Self.totals(tenYears.json)["messages"] as? Int == 0)
            for preset in ["today", "7d", "30d"] {
                let answer = try await get("period=\(preset)")
                #expect(answer.status == 200)
                #expect((answer.json["period"] as? [String: Any])?["days"] as? Int == ["today": 1, "7d": 7, "30d": 30][preset])
            }
        }
    }
}
