import Foundation
import Testing

@Suite struct ContactsAPITests {
    @Test func createNormalisesThePhoneAndRecordsConsent() async throws {
        try await TestServer.with { server in
            let a = try await TestTenant.signUp(on: server)
            let created = try await server.createContact(
                ["name": "Awa Diop", "phone": "06 12 34 56 78", "email": "Awa@Example.com", "tags": ["VIP", "Dakar"],
                 "attributes": ["city": "Paris"], "consent": "opted_in", "consent_source": "web form"], token: a.accessToken)
            #expect(created["phone"] as? String == "+33612345678")
            #expect(created["email"] as? String == "awa@example.com")
            #expect((created["tags"] as? [String])?.sorted() == ["Dakar", "VIP"])
            #expect((created["attributes"] as? [String: String]) == ["city": "Paris"])
            let consent = try #require(created["consent"] as? [String: Any])
            #expect(consent["status"] as? String == "opted_in")
            #expect(consent["source"] as? String == "web form")
            #expect(consent["at"] is String)

            let senegal = try await server.createContact(["name": "Moussa", "phone": "(221) 77 123 45 67", "country": "SN"], token: a.accessToken)
            #expect(senegal["phone"] as? String == "+221771234567")
            #expect((senegal["consent"] as? [String: Any])?["status"] as? String == "unknown")

            let id = try #require(created["id"] as? String)
            let fetched = try await server.request(.GET, "/api/v1/contacts/\(id)", token: a.accessToken).json
            #expect(fetched["name"] as? String == "Awa Diop")
            #expect((fetched["consent_history"] as? [[String: Any]])?.first?["status"] as? String == "opted_in")
        }
    }

    @Test func anUnreadableNumberIs422WithTheReasonAndAnExistingOneIs409WithItsID() async throws {
        try await TestServer.with { server in
            let a = try await TestTenant.signUp(on: server)
            let bad = try await server.request(.POST, "/api/v1/contacts", json: ["name": "X", "phone": "06 12"], token: a.accessToken)
            #expect(bad.status == 422)
            #expect((bad.json["detail"] as? String)?.contains("too short") == true)
            #expect((bad.json["errors"] as? [[String: Any]])?.first?["field"] as? String == "phone")
            let first = try await server.createContact(["name": "One", "phone": "+33 6 12-34-56-78"], token: a.accessToken)
            let again = try await server.request(.POST, "/api/v1/contacts", json: ["name": "Two", "phone": "0033612345678"], token: a.accessToken)
            #expect(again.status == 409)
            #expect(again.json["existing_id"] as? String == first["id"] as? String)
            let unknown = try await server.request(.POST, "/api/v1/contacts", json: ["phone": "+33612345679", "nickname": "x"], token: a.accessToken)
            #expect(unknown.status == 422)
        }
    }

    @Test func patchChangesFieldsAndDeleteRemoves() async throws {
        try await TestServer.with { server in
            let a = try await TestTenant.signUp(on: server)
            let created = try await server.createContact(["name": "Old", "phone": "+32470123456"], token: a.accessToken)
            let id = try #require(created["id"] as? String)
            let patched = try await server.request(
                .PATCH, "/api/v1/contacts/\(id)", json: ["name": "New", "tags": ["b"], "attributes": ["plan": "gold"]], token: a.accessToken)
            #expect(patched.status == 200)
            #expect(patched.json["name"] as? String == "New")
            #expect(patched.json["phone"] as? String == "+32470123456")
            #expect(patched.json["tags"] as? [String] == ["b"])
            #expect(try await server.request(.DELETE, "/api/v1/contacts/\(id)", token: a.accessToken).status == 204)
            #expect(try await server.request(.GET, "/api/v1/contacts/\(id)", token: a.accessToken).status == 404)
            let audit = try await server.request(.GET, "/api/v1/audit-log?limit=500", token: a.accessToken).text
            for action in ["contact.created", "contact.updated", "contact.deleted"] { #expect(audit.contains(action), "\(action)") }
        }
    }

    @Test func optOutSuppressesTheNumberEvenAfterDeletion() async throws {
        try await TestServer.with { server in
            let a = try await TestTenant.signUp(on: server)
            let created = try await server.createContact(["name": "Stop", "phone": "+221771234567", "consent": "opted_in", "consent_source": "x"], token: a.accessToken)
            let id = try #require(created["id"] as? String)
            let out = try await server.request(.POST, "/api/v1/contacts/\(id)/opt-out", json: ["source": "STOP reply"], token: a.accessToken)
            #expect((out.json["consent"] as? [String: Any])?["status"] as? String == "opted_out")
            #expect((out.json["consent"] as? [String: Any])?["source"] as? String == "STOP reply")
            #expect(try await server.request(.DELETE, "/api/v1/contacts/\(id)", token: a.accessToken).status == 204)
            let again = try await server.createContact(["name": "Back", "phone": "+221 77 123 45 67", "consent": "opted_in", "consent_source": "form"], token: a.accessToken)
            #expect((again["consent"] as? [String: Any])?["status"] as? String == "opted_out")
            let againID = try #require(again["id"] as? String)
            let optIn = try await server.request(.POST, "/api/v1/contacts/\(againID)/opt-in", json: ["source": "double opt-in"], token: a.accessToken)
            #expect((optIn.json["consent"] as? [String: Any])?["status"] as? String == "opted_in")
            let history = try await server.request(.GET, "/api/v1/contacts/\(againID)", token: a.accessToken).json["consent_history"] as? [[String: Any]]
            #expect(history?.first?["source"] as? String == "double opt-in")
            let audit = try await server.request(.GET, "/api/v1/audit-log?limit=500", token: a.accessToken).text
            #expect(audit.contains("contact.opted_out") && audit.contains("contact.opted_in"))
        }
    }

    @Test func listSearchesFiltersSortsAndPages() async throws {
        try await TestServer.with { server in
            let a = try await TestTenant.signUp(on: server)
            for (index, name) in ["Charlie", "alice", "Bob", "Dora", "Eve"].enumerated() {
                _ = try await server.createContact(
                    ["name": name, "phone": "+3361234567\(index)", "tags": index % 2 == 0 ? ["even"] : ["odd"],
                     "attributes": ["rank": String(index)], "consent": index < 2 ? "opted_in" : "unknown", "consent_source": "t"],
                    token: a.accessToken)
            }
            #expect(try await server.contactPhones("q=ali", token: a.accessToken) == ["+33612345671"])
            #expect(try await server.contactPhones("q=45674", token: a.accessToken) == ["+33612345674"])
            #expect(Set(try await server.contactPhones("tag=even", token: a.accessToken)) == ["+33612345670", "+33612345672", "+33612345674"])
            #expect(try await server.contactPhones("consent=opted_in&tag=odd", token: a.accessToken) == ["+33612345671"])
            #expect(try await server.contactPhones("attr.rank=3", token: a.accessToken) == ["+33612345673"])
            #expect(try await server.contactPhones("country=FR&tags_none=even,odd", token: a.accessToken) == [])
            let byName = try await server.request(.GET, "/api/v1/contacts?sort=name", token: a.accessToken).json["data"] as? [[String: Any]]
            #expect(byName?.compactMap { $0["name"] as? String } == ["alice", "Bob", "Charlie", "Dora", "Eve"])
            var names: [String] = []
            var cursor: String?
            repeat {
                let path = "/api/v1/contacts?sort=name&limit=2" + (cursor.map { "&after=\($0)" } ?? "")
                let page = try await server.request(.GET, path, token: a.accessToken).json
                names += (page["data"] as? [[String: Any]] ?? []).compactMap { $0["name"] as? String }
                cursor = page["next"] as? String
            } while cursor != nil
            #expect(names == ["alice", "Bob", "Charlie", "Dora", "Eve"])
            #expect(try await server.request(.GET, "/api/v1/contacts?sort=phone", token: a.accessToken).status == 422)
            #expect(try await server.request(.GET, "/api/v1/contacts?consent=maybe", token: a.accessToken).status == 422)
        }
    }

    @Test func bulkActionsTagOptOutAndDeleteASelectionOrAFilter() async throws {
        try await TestServer.with { server in
            let a = try await TestTenant.signUp(on: server)
            var ids: [String] = []
            for index in 0..<4 {
                ids.append(try await server.createContact(["name": "C\(index)", "phone": "+3361111111\(index)"], token: a.accessToken)["id"] as? String ?? "")
            }
            let tagged = try await server.request(
                .POST, "/api/v1/contacts/bulk", json: ["action": "tag", "ids": Array(ids.prefix(3)), "tags": ["promo"]], token: a.accessToken)
            #expect(tagged.json["affected"] as? Int == 3)
            let optOut = try await server.request(
                .POST, "/api/v1/contacts/bulk", json: ["action": "opt_out", "filter": ["tags_any": ["promo"]], "source": "cleanup"], token: a.accessToken)
            #expect(optOut.json["affected"] as? Int == 3)
            #expect(try await server.contactPhones("consent=opted_out", token: a.accessToken).count == 3)
            let untag = try await server.request(.POST, "/api/v1/contacts/bulk", json: ["action": "untag", "ids": [ids[0]], "tags": ["promo"]], token: a.accessToken)
            #expect(untag.json["affected"] as? Int == 1)
            let deleted = try await server.request(.POST, "/api/v1/contacts/bulk", json: ["action": "delete", "filter": ["tags_all": ["promo"]]], token: a.accessToken)
            #expect(deleted.json["affected"] as? Int == 2)
            #expect(try await server.contactPhones("", token: a.accessToken).count == 2)
            let noSelection = try await server.request(.POST, "/api/v1/contacts/bulk", json: ["action": "delete"], token: a.accessToken)
            #expect(noSelection.status == 422)
            #expect(try await server.request(.GET, "/api/v1/audit-log?limit=500", token: a.accessToken).text.contains("contacts.bulk_action"))
        }
    }

    @Test func exportStreamsCSVAndXLSX() async throws {
        try await TestServer.with { server in
            let a = try await TestTenant.signUp(on: server)
            _ = try await server.createContact(["name": "=HYPERLINK(\"x\")", "phone": "+12127365000", "tags": ["us"]], token: a.accessToken)
            _ = try await server.createContact(["name": "Zoé", "phone": "+33612345678"], token: a.accessToken)
            let csv = try await server.request(.GET, "/api/v1/contacts/export?format=csv&tag=us", token: a.accessToken)
            #expect(csv.status == 200)
            #expect(csv.text.contains("+12127365000"))
            #expect(!csv.text.contains("+33612345678"))
            #expect(csv.text.contains("'=HYPERLINK"))
            let xlsx = try await server.request(.GET, "/api/v1/contacts/export?format=xlsx", token: a.accessToken)
            #expect(xlsx.status == 200)
            #expect(xlsx.body.starts(with: [0x50, 0x4B, 0x03, 0x04]))
            #expect(try await server.request(.GET, "/api/v1/contacts/export?format=pdf", token: a.accessToken).status == 422)
            let operatorMember = try await a.addMember(on: server, role: "operator")
            #expect(try await server.request(.GET, "/api/v1/contacts/export", token: operatorMember.token).status == 403)
        }
    }
}
