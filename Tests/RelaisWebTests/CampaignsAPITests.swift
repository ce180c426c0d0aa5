import Foundation
import NIOHTTP1
import PostgresNIO
import RelaisTestSupport
import Testing

/// The campaigns API without sending: drafting, validation, the state machine over HTTP, roles and tenancy.
@Suite struct CampaignsAPITests {
    /// The audience skips the suppression check only while the company has no suppression at all; once it has one,
    /// that number stays out even if its contact row says opted in (a legacy row, an edit behind the API's back).
    @Test func aSuppressedNumberIsNeverInTheAudienceWhateverItsContactSays() async throws {
        try await TestServer.with { server in
            let fixture = try await CampaignFixture.make(on: server, contacts: 5)
            let token = fixture.admin.accessToken
            let id = try await fixture.createCampaign()
            #expect(try await server.request(.GET, "/api/v1/campaigns/\(id)/audience", token: token).json["count"] as? Int == 5)
            let contacts = try await server.request(.GET, "/api/v1/contacts?limit=10", token: token).json["data"] as? [[String: Any]] ?? []
            let target = try #require(contacts.first?["id"] as? String)
            #expect(try await server.request(.POST, "/api/v1/contacts/\(target)/opt-out", json: ["source": "test"], token: token).status == 200)
            #expect(try await server.request(.GET, "/api/v1/campaigns/\(id)/audience", token: token).json["count"] as? Int == 4)
            try await TestDatabase.withClient(fixture.owner) { client in
                try await client.query("UPDATE contacts SET consent_status = 'opted_in' WHERE id = \(try #require(UUID(uuidString: target)))")
            }
            #expect(try await server.request(.GET, "/api/v1/campaigns/\(id)/audience", token: token).json["count"] as? Int == 4)
        }
    }

    @Test func aDraftIsCreatedReadAndPreviewedWithFallbacks() async throws {
        try await TestServer.with { server in
            let fixture = try await CampaignFixture.make(on: server, contacts: 10, tagged: 4)
            let id = try await fixture.createCampaign(["audience": ["tags_any": ["VIP"]]])
            let token = fixture.admin.accessToken
            let campaign = try await server.request(.GET, "/api/v1/campaigns/\(id)", token: token).json
            #expect(campaign["state"] as? String == "draft")
            #expect((campaign["variables"] as? [String: Any])?["body"] as? [String] == ["{first_name|client}", "-20 %"])
            let audience = try await server.request(.GET, "/api/v1/campaigns/\(id)/audience", token: token).json
            #expect(audience["count"] as? Int == 4, "tags compare without case")
            #expect(audience["fallbacks"] as? Int == 0 && audience["skipped"] as? Int == 0)
            let everyone = try await server.request(.PATCH, "/api/v1/campaigns/\(id)", json: ["audience": [String: Any]()], token: token)
            #expect(everyone.status == 200)
            let all = try await server.request(.GET, "/api/v1/campaigns/\(id)/audience", token: token).json
            #expect(all["count"] as? Int == 10)
            #expect(all["fallbacks"] as? Int == 2, "contacts 5 and 10 have no first name")
            let sample = try #require((all["sample"] as? [[String: Any]])?.first)
            let preview = try await server.request(.GET, "/api/v1/campaigns/\(id)/preview?contact_id=\(sample["id"] as? String ?? "")", token: token)
            #expect(preview.status == 200)
            let body = preview.json["body"] as? String ?? ""
            #expect(body.hasPrefix("Bonjour ") && body.hasSuffix(", profitez de -20 % avec le code VIP !"), "\(body)")
            #expect(!body.contains("{{"))
            let list = try await server.request(.GET, "/api/v1/campaigns", token: token).json
            #expect((list["data"] as? [[String: Any]])?.map { $0["id"] as? String } == [id])
        }
    }

    @Test func badCampaignsAreRefusedWithTheirFieldsAndNothingIsStored() async throws {
        try await TestServer.with { server in
            let fixture = try await CampaignFixture.make(on: server, contacts: 0)
            let token = fixture.admin.accessToken
            let cases: [([String: Any], String)] = [
                (["variables": ["body": ["{first_name|client}"]]], "variables.body"),
                (["variables": ["body": ["{first_name|client}", "-20 %", "extra"]]], "variables.body"),
                (["variables": ["body": ["{first_name", "-20 %"]]], "variables.body.0"),
                (["variables": ["body": ["{first_name|}", "-20 %"]]], "variables.body.0"),
                (["variables": ["body": [String(repeating: "x", count: 100_000), "-20 %"]]], "variables.body.0"),
                (["template": ["name": "nope", "language": "fr"]], "template"),
                (["number_id": UUID().uuidString], "number_id"),
                (["audience": ["segments": [UUID().uuidString]]], "audience.segments.0"),
                (["name": ""], "name"),
                (["send_window": ["start": "20:00", "end": "09:00"]], "send_window"),
            ]
            for (extra, field) in cases {
                let response = try await server.request(.POST, "/api/v1/campaigns", json: fixture.campaignBody(extra), token: token)
                #expect(response.status == 422, "\(field): \(response.status)")
                let fields = (response.json["errors"] as? [[String: Any]] ?? []).compactMap { $0["field"] as? String }
                #expect(fields.contains(field), "\(field) in \(fields)")
            }
            let unknownField = try await server.request(.POST, "/api/v1/campaigns", json: fixture.campaignBody(["colour": "red"]), token: token)
            #expect(unknownField.status == 422)
            let malformed = try await server.request(.POST, "/api/v1/campaigns", raw: Data("{\"name\": ".utf8), token: token)
            #expect(malformed.status == 400)
            #expect((try await server.request(.GET, "/api/v1/campaigns", token: token).json["data"] as? [Any])?.isEmpty == true)
        }
    }

    @Test func schedulesAreCheckedAndIllegalTransitionsAnswer409WithTheState() async throws {
        try await TestServer.with { server in
            let fixture = try await CampaignFixture.make(on: server, contacts: 3)
            let token = fixture.admin.accessToken
            let id = try await fixture.createCampaign()
            let schedule = "/api/v1/campaigns/\(id)/schedule"
            let refused: [([String: Any], String)] = [
                (["start_at": "2020-01-01T09:00:00", "timezone": "Europe/Paris"], "start_at"),
                (["start_at": "2030-01-01T09:00:00", "timezone": "Mars/Olympus"], "timezone"),
                (["start_at": "2030-02-30T09:00:00", "timezone": "Europe/Paris"], "start_at"),
                (["start_at": "2030-01-01T09:00:00", "timezone": "Europe/Paris", "recurrence": ["frequency": "daily"]], "recurrence"),
                (["start_at": "2030-01-01T09:00:00", "timezone": "Europe/Paris", "recurrence": ["frequency": "hourly", "count": 3]], "recurrence.frequency"),
            ]
            for (body, field) in refused {
                let response = try await server.request(.POST, schedule, json: body, token: token)
                #expect(response.status == 422, "\(body)")
                #expect((response.json["errors"] as? [[String: Any]])?.first?["field"] as? String == field, "\(response.text)")
            }
            #expect(try await server.request(.POST, "/api/v1/campaigns/\(id)/pause", token: token).status == 409)
            let scheduled = try await server.request(
                .POST, schedule,
                json: ["start_at": "2030-03-30T09:00:00", "timezone": "Europe/Paris", "recurrence": ["frequency": "weekly", "weekdays": [1, 3], "count": 4]],
                token: token)
            #expect(scheduled.status == 200, "\(scheduled.text)")
            #expect(scheduled.json["state"] as? String == "scheduled")
            #expect(scheduled.json["next_run_at"] as? String == "2030-04-01T07:00:00Z", "Monday 1 April 2030, 09:00 in Paris (summer time)")
            let cancelled = try await server.request(.POST, "/api/v1/campaigns/\(id)/cancel", token: token)
            #expect(cancelled.json["state"] as? String == "cancelled")
            for action in ["launch", "resume", "pause", "cancel"] {
                let response = try await server.request(.POST, "/api/v1/campaigns/\(id)/\(action)", token: token)
                #expect(response.status == 409, "\(action)")
                #expect(response.json["state"] as? String == "cancelled", "the problem names the current state")
            }
            #expect(try await server.request(.PATCH, "/api/v1/campaigns/\(id)", json: ["name": "x"], token: token).status == 409)
        }
    }

    @Test func operatorsDraftButOnlyManagersLaunch() async throws {
        try await TestServer.with { server in
            let fixture = try await CampaignFixture.make(on: server, contacts: 2)
            let operatorToken = try await fixture.admin.addMember(on: server, role: "operator").token
            let id = try await fixture.createCampaign(token: operatorToken)
            #expect(try await server.request(.POST, "/api/v1/campaigns/\(id)/launch", token: operatorToken).status == 403)
            let schedule = ["start_at": "2030-01-01T09:00:00", "timezone": "Europe/Paris"]
            #expect(try await server.request(.POST, "/api/v1/campaigns/\(id)/schedule", json: schedule, token: operatorToken).status == 403)
            #expect(try await server.request(.GET, "/api/v1/campaigns/\(id)", token: operatorToken).json["state"] as? String == "draft")
            let audit = try await server.request(.GET, "/api/v1/audit-log?limit=500", token: fixture.admin.accessToken).text
            #expect(audit.contains("campaign.created"))
        }
    }

    @Test func anotherCompanysCampaignsAreNotFoundByAnyRoute() async throws {
        try await TestServer.with { server in
            let fixture = try await CampaignFixture.make(on: server, contacts: 2)
            let other = try await TestTenant.signUp(on: server, company: "B")
            let id = try await fixture.createCampaign()
            let attempts: [(HTTPMethod, String, [String: Any]?)] = [
                (.GET, "", nil), (.PATCH, "", ["name": "Owned"]), (.POST, "/schedule", ["start_at": "2030-01-01T09:00:00", "timezone": "UTC"]),
                (.POST, "/launch", nil), (.POST, "/pause", nil), (.POST, "/resume", nil), (.POST, "/cancel", nil),
                (.POST, "/test-send", ["phone": "+15550000001"]), (.GET, "/preview", nil), (.GET, "/audience", nil), (.GET, "/stats", nil),
                (.GET, "/runs", nil), (.GET, "/report", nil), (.GET, "/report.xlsx", nil), (.GET, "/report.pdf", nil), (.GET, "/recipients", nil),
                (.DELETE, "", nil),
            ]
            for (method, suffix, body) in attempts {
                let response = try await server.request(method, "/api/v1/campaigns/\(id)\(suffix)", json: body, token: other.accessToken)
                #expect(response.status == 404, "\(method) \(suffix)")
            }
            // B cannot point a campaign at A's number either.
            let foreign = try await server.request(.POST, "/api/v1/campaigns", json: fixture.campaignBody(), token: other.accessToken)
            #expect(foreign.status == 422)
            #expect((try await server.request(.GET, "/api/v1/campaigns", token: other.accessToken).json["data"] as? [Any])?.isEmpty == true)
            let mine = try await server.request(.GET, "/api/v1/campaigns/\(id)", token: fixture.admin.accessToken).json
            #expect(mine["name"] as? String == "Soldes d'hiver ❄️" && mine["state"] as? String == "draft")
        }
    }
}
