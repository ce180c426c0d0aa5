import Foundation
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
        // Users here; numbers and templates in WhatsAppNumbersTests.anotherCompanysNumbersAndTemplatesAreNotFound.
        #expect(Set(routesWithIDs) == [.getUser, .updateUser, .deleteUser, .getNumber, .deleteNumber, .verifyNumber, .getTemplate, .deleteTemplate])
    }
}
