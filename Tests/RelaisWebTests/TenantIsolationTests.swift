import Foundation
import NIOHTTP1
import Testing

@testable import RelaisWeb

/// Company B tries every route that takes an id or returns tenant data against company A.
@Suite struct TenantIsolationTests {
    @Test func anotherCompanysUsersAreNotFoundByAnyRoute() async throws {
        try await TestServer.with { server in
            let a = try await TestTenant.signUp(on: server, company: "A")
            let b = try await TestTenant.signUp(on: server, company: "B")
            let member = try await a.addMember(on: server, role: "operator")
            for target in [a.userID, member.id] {
                #expect(try await server.request(.GET, "/api/v1/users/\(target)", token: b.accessToken).status == 404)
                let patch = try await server.request(.PATCH, "/api/v1/users/\(target)", json: ["role": "admin"], token: b.accessToken)
                #expect(patch.status == 404)
                #expect(try await server.request(.DELETE, "/api/v1/users/\(target)", token: b.accessToken).status == 404)
            }
            let users = try await server.request(.GET, "/api/v1/users", token: b.accessToken)
            #expect((users.json["data"] as? [[String: Any]])?.compactMap { $0["id"] as? String } == [b.userID])
            let audit = try await server.request(.GET, "/api/v1/audit-log", token: b.accessToken)
            #expect(!audit.text.contains(a.userID) && !audit.text.contains(member.id))

            // Nothing of A changed.
            let list = try await server.request(.GET, "/api/v1/users", token: a.accessToken)
            let roles = (list.json["data"] as? [[String: Any]] ?? []).reduce(into: [String: String]()) {
                $0[$1["id"] as? String ?? ""] = $1["role"] as? String
            }
            #expect(roles == [a.userID: "admin", member.id: "operator"])
            let aAudit = try await server.request(.GET, "/api/v1/audit-log?limit=500", token: a.accessToken)
            #expect(!aAudit.text.contains(b.userID))
        }
    }

    @Test func anotherCompanysContactsTagsSegmentsAndImportsAreNotFoundByAnyRoute() async throws {
        try await TestServer.with(environment: TestServer.importing) { server in
            let a = try await TestTenant.signUp(on: server, company: "A")
            let b = try await TestTenant.signUp(on: server, company: "B")
            let contact = try await server.createContact(
                ["name": "Secret", "phone": "+33612345678", "tags": ["private"], "consent": "opted_in", "consent_source": "a"], token: a.accessToken)
            let contactID = try #require(contact["id"] as? String)
            let tagID = try #require(
                (try await server.request(.GET, "/api/v1/tags", token: a.accessToken).json["data"] as? [[String: Any]])?.first?["id"] as? String)
            let segment = try await server.request(.POST, "/api/v1/segments", json: ["name": "S", "filter": ["tags_any": ["private"]]], token: a.accessToken)
            let segmentID = try #require(segment.json["id"] as? String)
            let report = try await server.importFile("a.csv", Data("phone\n0612345679\nbad\n".utf8), token: a.accessToken)
            let importID = try #require(report["id"] as? String)

            let attempts: [(HTTPMethod, String, [String: Any]?)] = [
                (.GET, "/api/v1/contacts/\(contactID)", nil), (.PATCH, "/api/v1/contacts/\(contactID)", ["name": "Owned"]),
                (.POST, "/api/v1/contacts/\(contactID)/opt-out", [:]), (.POST, "/api/v1/contacts/\(contactID)/opt-in", [:]),
                (.DELETE, "/api/v1/contacts/\(contactID)", nil), (.GET, "/api/v1/contacts/imports/\(importID)", nil),
                (.GET, "/api/v1/contacts/imports/\(importID)/rejected.csv", nil), (.DELETE, "/api/v1/tags/\(tagID)", nil),
                (.GET, "/api/v1/segments/\(segmentID)", nil), (.PATCH, "/api/v1/segments/\(segmentID)", ["name": "Owned"]),
                (.DELETE, "/api/v1/segments/\(segmentID)", nil), (.GET, "/api/v1/contacts?segment=\(segmentID)", nil),
                (.GET, "/api/v1/contacts/export?segment=\(segmentID)", nil),
            ]
            for (method, path, body) in attempts {
                let response = try await server.request(method, path, json: body, token: b.accessToken)
                #expect(response.status == 404, "\(method) \(path)")
            }
            // Bulk actions, lists, exports and segments of B never reach A's rows.
            let bulk = try await server.request(
                .POST, "/api/v1/contacts/bulk", json: ["action": "delete", "ids": [contactID]], token: b.accessToken)
            #expect(bulk.json["affected"] as? Int == 0)
            let everything = try await server.request(.POST, "/api/v1/contacts/bulk", json: ["action": "opt_out", "filter": [:]], token: b.accessToken)
            #expect(everything.json["affected"] as? Int == 0)
            #expect(try await server.contactPhones("", token: b.accessToken).isEmpty)
            #expect(try await server.contactPhones("after=\(contactID)", token: b.accessToken).isEmpty)
            let export = try await server.request(.GET, "/api/v1/contacts/export", token: b.accessToken)
            #expect(!export.text.contains("+33612345678"))
            let bSegment = try await server.request(.POST, "/api/v1/segments", json: ["name": "S", "filter": ["tags_any": ["private"]]], token: b.accessToken)
            #expect(bSegment.json["count"] as? Int == 0)
            #expect((try await server.request(.GET, "/api/v1/tags", token: b.accessToken).json["data"] as? [Any])?.isEmpty == true)
            let bImport = try await server.importFile("b.csv", Data("phone\n0612345678\n".utf8), token: b.accessToken)
            #expect(bImport["created"] as? Int == 1, "the same number is a new contact in another company")

            // Nothing of A changed.
            let after = try await server.request(.GET, "/api/v1/contacts/\(contactID)", token: a.accessToken).json
            #expect(after["name"] as? String == "Secret")
            #expect((after["consent"] as? [String: Any])?["status"] as? String == "opted_in")
            #expect(try await server.request(.GET, "/api/v1/segments/\(segmentID)", token: a.accessToken).json["name"] as? String == "S")
            #expect(try await server.request(.GET, "/api/v1/contacts/imports/\(importID)", token: a.accessToken).json["created"] as? Int == 1)
            #expect(try await server.contactPhones("", token: a.accessToken).count == 2)
        }
    }

    @Test func aCursorFromAnotherCompanyLeaksNothing() async throws {
        try await TestServer.with { server in
            let a = try await TestTenant.signUp(on: server, company: "A")
            let b = try await TestTenant.signUp(on: server, company: "B")
            let page = try await server.request(.GET, "/api/v1/users?after=\(a.userID)", token: b.accessToken)
            #expect(page.status == 200)
            #expect(!page.text.contains(a.email))
        }
    }

    @Test func malformedIdsAnswerNotFound() async throws {
        try await TestServer.with { server in
            let a = try await TestTenant.signUp(on: server)
            for id in ["not-a-uuid", "1", "%27%20OR%201=1--", "00000000-0000-0000-0000-000000000000"] {
                #expect(try await server.request(.GET, "/api/v1/users/\(id)", token: a.accessToken).status == 404, "\(id)")
            }
        }
    }

    @Test func everyIdRouteIsCoveredByThisSuite() {
        // When a route with an id is added, this list must grow, and so must the suite above.
        let routesWithIDs = APIRoute.allCases.filter { $0.path.contains("{") }
        // Users and contacts here (the personal-data export and erasure in PrivacyTests.anotherCompanysContactCannotBeExportedOrErased); numbers and templates in WhatsAppNumbersTests.anotherCompanysNumbersAndTemplatesAreNotFound;
        // campaigns in CampaignsAPITests.anotherCompanysCampaignsAreNotFoundByAnyRoute; header files in
        // MediaTests.anotherCompanyCannotReadDeleteOrSendACompanysFile.
        #expect(
            Set(routesWithIDs) == [
                .getUser, .updateUser, .deleteUser, .getContact, .updateContact, .deleteContact, .optOutContact, .optInContact,
                .exportContactData, .eraseContact, .getImport, .importRejections, .deleteTag, .getSegment, .updateSegment, .deleteSegment,
                .getNumber, .deleteNumber, .verifyNumber, .getTemplate, .deleteTemplate,
                .getCampaign, .updateCampaign, .deleteCampaign, .scheduleCampaign, .launchCampaign, .pauseCampaign, .resumeCampaign,
                .cancelCampaign, .testSendCampaign, .previewCampaign, .campaignAudience, .campaignStats, .campaignRuns, .campaignReport, .campaignReportXLSX, .campaignReportPDF,
                .campaignRecipients,
                .getMedia, .mediaContent, .deleteMedia,
                .revokeAPIKey,
            ])
    }

    @Test func anotherCompanysAPIKeysAreNotFoundAndItsKeysOpenNothingHere() async throws {
        try await TestServer.with { server in
            let a = try await TestTenant.signUp(on: server, company: "A")
            let b = try await TestTenant.signUp(on: server, company: "B")
            let created = try await server.request(.POST, "/api/v1/api-keys", json: ["name": "A's key", "role": "admin"], token: a.accessToken)
            let id = try #require(created.json["id"] as? String)
            let key = try #require(created.json["key"] as? String)
            #expect(try await server.request(.DELETE, "/api/v1/api-keys/\(id)", token: b.accessToken).status == 404)
            let bList = try await server.request(.GET, "/api/v1/api-keys", token: b.accessToken)
            #expect((bList.json["data"] as? [[String: Any]])?.isEmpty == true)
            // B's page cannot revoke it either; A's key still works and sees only A.
            let browser = try await BrowserSession.logIn(on: server, email: b.email, password: b.password)
            _ = try await browser.post("/settings/api-keys/\(id)/revoke", form: [:])
            let me = try await server.request(.GET, "/api/v1/me", token: key)
            #expect((me.json["company"] as? [String: Any])?["id"] as? String == a.companyID)
            #expect(try await server.request(.GET, "/api/v1/users/\(b.userID)", token: key).status == 404)
        }
    }
}
