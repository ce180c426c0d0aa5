import Foundation
import Testing

@Suite struct SegmentsAPITests {
    @Test func tagsAreListedWithCountsAndDeletable() async throws {
        try await TestServer.with { server in
            let a = try await TestTenant.signUp(on: server)
            let tag = try await server.request(.POST, "/api/v1/tags", json: ["name": "Newsletter"], token: a.accessToken)
            #expect(tag.status == 201)
            #expect(try await server.request(.POST, "/api/v1/tags", json: ["name": "newsletter"], token: a.accessToken).status == 409)
            _ = try await server.createContact(["name": "A", "phone": "+33611111111", "tags": ["newsletter"]], token: a.accessToken)
            let list = try await server.request(.GET, "/api/v1/tags", token: a.accessToken).json["data"] as? [[String: Any]]
            #expect(list?.first?["name"] as? String == "Newsletter")
            #expect(list?.first?["contact_count"] as? Int == 1)
            let id = try #require(tag.json["id"] as? String)
            #expect(try await server.request(.DELETE, "/api/v1/tags/\(id)", token: a.accessToken).status == 204)
            #expect(try await server.request(.DELETE, "/api/v1/tags/\(id)", token: a.accessToken).status == 404)
            #expect(try await server.contactPhones("", token: a.accessToken) == ["+33611111111"])
        }
    }

    /// French tags with capital accented letters ("Été", "École"): tagging, filtering, bulk actions and segments
    /// find them. A name lowered by Swift on one side and by PostgreSQL's C locale on the other never matched.
    @Test func tagsWithAccentedCapitalsTagAndMatch() async throws {
        try await TestServer.with { server in
            let a = try await TestTenant.signUp(on: server)
            let created = try await server.createContact(["name": "A", "phone": "+33611111111", "tags": ["Été", "vip"]], token: a.accessToken)
            #expect(Set(created["tags"] as? [String] ?? []) == ["Été", "vip"], "\(created)")
            _ = try await server.createContact(["name": "B", "phone": "+33611111112", "tags": ["vip"]], token: a.accessToken)
            let id = try #require(created["id"] as? String)
            let bulk = try await server.request(
                .POST, "/api/v1/contacts/bulk", json: ["action": "tag", "ids": [id], "tags": ["École"]], token: a.accessToken)
            #expect(bulk.status == 200, "\(bulk.text)")
            #expect(try await server.contactPhones("tag=%C3%89cole", token: a.accessToken) == ["+33611111111"])
            let filters: [([String: [String]], String)] = [
                (["tags_all": ["Été", "École"]], "+33611111111"), (["tags_any": ["Été"]], "+33611111111"),
                (["tags_all": ["vip"], "tags_none": ["Été"]], "+33611111112"),
            ]
            for (filter, phone) in filters {
                let segment = try await server.request(
                    .POST, "/api/v1/segments", json: ["name": "\(filter)", "filter": filter], token: a.accessToken)
                #expect(segment.json["count"] as? Int == 1, "\(filter): \(segment.text)")
                let segmentID = try #require(segment.json["id"] as? String)
                #expect(try await server.contactPhones("segment=\(segmentID)", token: a.accessToken) == [phone], "\(filter)")
            }
        }
    }

    @Test func segmentsCombineTagsConsentCountryAndAttributesWithALiveCount() async throws {
        try await TestServer.with { server in
            let a = try await TestTenant.signUp(on: server)
            let people: [(String, [String], String, String)] = [
                ("+33611111111", ["vip", "paris"], "opted_in", "gold"),
                ("+33611111112", ["vip"], "opted_in", "silver"),
                ("+33611111113", ["paris"], "unknown", "gold"),
                ("+221771234567", ["vip", "paris"], "opted_in", "gold"),
                ("+33611111114", ["vip", "paris", "churned"], "opted_in", "gold"),
            ]
            for (phone, tags, consent, plan) in people {
                _ = try await server.createContact(
                    ["name": phone, "phone": phone, "tags": tags, "consent": consent, "consent_source": "test", "attributes": ["plan": plan]],
                    token: a.accessToken)
            }
            let created = try await server.request(
                .POST, "/api/v1/segments",
                json: ["name": "Paris VIPs", "filter": ["tags_all": ["vip", "paris"], "tags_none": ["churned"], "consent": "opted_in", "country": "FR"]],
                token: a.accessToken)
            #expect(created.status == 201)
            #expect(created.json["count"] as? Int == 1)
            let id = try #require(created.json["id"] as? String)
            let anyVip = try await server.request(.POST, "/api/v1/segments", json: ["name": "Any", "filter": ["tags_any": ["vip", "paris"]]], token: a.accessToken)
            #expect(anyVip.json["count"] as? Int == 5)
            let gold = try await server.request(.PATCH, "/api/v1/segments/\(id)", json: ["filter": ["attributes": ["plan": "gold"]]], token: a.accessToken)
            #expect(gold.json["count"] as? Int == 4)
            #expect(gold.json["name"] as? String == "Paris VIPs")
            let recent = try await server.request(
                .POST, "/api/v1/segments", json: ["name": "Recent", "filter": ["created_after": "2000-01-01T00:00:00Z", "engaged_within_days": 30]],
                token: a.accessToken)
            #expect(recent.json["count"] as? Int == 0)
            // The live count follows the contacts.
            _ = try await server.createContact(["name": "new", "phone": "+33611111115", "attributes": ["plan": "gold"]], token: a.accessToken)
            #expect(try await server.request(.GET, "/api/v1/segments/\(id)", token: a.accessToken).json["count"] as? Int == 5)
            // A list narrowed by the segment.
            #expect(try await server.contactPhones("segment=\(id)&country=SN", token: a.accessToken) == ["+221771234567"])
            let list = try await server.request(.GET, "/api/v1/segments", token: a.accessToken).json["data"] as? [[String: Any]]
            #expect(list?.compactMap { $0["name"] as? String } == ["Any", "Paris VIPs", "Recent"])
            #expect(try await server.request(.POST, "/api/v1/segments", json: ["name": "any"], token: a.accessToken).status == 409)
            let bad = try await server.request(.POST, "/api/v1/segments", json: ["name": "Bad", "filter": ["tags": ["x"], "consent": "yes"]], token: a.accessToken)
            #expect(bad.status == 422)
            #expect(try await server.request(.DELETE, "/api/v1/segments/\(id)", token: a.accessToken).status == 204)
            let audit = try await server.request(.GET, "/api/v1/audit-log?limit=500", token: a.accessToken).text
            for action in ["segment.created", "segment.updated", "segment.deleted"] { #expect(audit.contains(action), "\(action)") }
        }
    }

    /// A segment of tags alone is counted from the tags' bitmaps (`countTagged`); the list narrowed by
    /// the same segment goes through the general conditions, so the two must agree.
    @Test func aTagsOnlySegmentCountsEveryTagWithoutRegardToCaseAndOnlyThisCompanysContacts() async throws {
        try await TestServer.with { server in
            let a = try await TestTenant.signUp(on: server)
            let b = try await TestTenant.signUp(on: server)
            let people: [(String, [String])] = [
                ("+33611111111", ["vip", "paris"]), ("+33611111112", ["vip"]), ("+33611111113", ["Paris", "VIP", "lyon"]),
                ("+33611111114", []), ("+33611111115", ["paris"]),
            ]
            for (phone, tags) in people { _ = try await server.createContact(["name": phone, "phone": phone, "tags": tags], token: a.accessToken) }
            for phone in ["+33622222221", "+33622222222"] {
                _ = try await server.createContact(["name": phone, "phone": phone, "tags": ["vip", "paris", "lyon"]], token: b.accessToken)
            }
            func segment(_ name: String, _ tags: [String]) async throws -> (count: Int?, phones: [String]) {
                let created = try await server.request(.POST, "/api/v1/segments", json: ["name": name, "filter": ["tags_all": tags]], token: a.accessToken)
                #expect(created.status == 201, "\(created.text)")
                let id = try #require(created.json["id"] as? String)
                return (created.json["count"] as? Int, try await server.contactPhones("segment=\(id)", token: a.accessToken).sorted())
            }
            let both = try await segment("Both", ["VIP", "paris", "vip"])
            #expect(both.count == 2)
            #expect(both.phones == ["+33611111111", "+33611111113"])
            let one = try await segment("One", ["vip"])
            #expect(one.count == 3)
            #expect(one.phones.count == 3)
            let three = try await segment("Three", ["lyon", "paris", "vip"])
            #expect(three.count == 1)
            #expect(three.phones == ["+33611111113"])
            let unknown = try await segment("Unknown", ["vip", "nowhere"])
            #expect(unknown.count == 0)
            #expect(unknown.phones.isEmpty)
            // A removed contact leaves the count with its memberships.
            let first = try await server.request(.GET, "/api/v1/contacts?limit=500&q=11111111", token: a.accessToken).json["data"] as? [[String: Any]]
            let firstID = try #require(first?.first?["id"] as? String)
            #expect(try await server.request(.DELETE, "/api/v1/contacts/\(firstID)", token: a.accessToken).status == 204)
            let segments = try await server.request(.GET, "/api/v1/segments", token: a.accessToken).json["data"] as? [[String: Any]] ?? []
            let bothID = try #require(segments.first { $0["name"] as? String == "Both" }?["id"] as? String)
            #expect(try await server.request(.GET, "/api/v1/segments/\(bothID)", token: a.accessToken).json["count"] as? Int == 1)
            // The other company's identical tags count only its own two contacts.
            let theirs = try await server.request(.POST, "/api/v1/segments", json: ["name": "Theirs", "filter": ["tags_all": ["vip", "paris"]]], token: b.accessToken)
            #expect(theirs.json["count"] as? Int == 2)
        }
    }
}
