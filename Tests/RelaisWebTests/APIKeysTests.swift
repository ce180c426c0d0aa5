import Foundation
import Testing

/// API keys: created by an admin and shown once, used as `Bearer rls_…` with the role they were given (never above
/// their creator's), revoked at once, kept to their company, absent from lists and the audit log.
@Suite struct APIKeysTests {
    @Test func aKeyIsShownOnceWorksWithItsRoleAndStopsWhenRevoked() async throws {
        try await TestServer.with { server in
            let admin = try await TestTenant.signUp(on: server)
            let created = try await server.request(.POST, "/api/v1/api-keys", json: ["name": "CRM sync", "role": "manager"], token: admin.accessToken)
            #expect(created.status == 201)
            let key = try #require(created.json["key"] as? String)
            let id = try #require(created.json["id"] as? String)
            let prefix = try #require(created.json["prefix"] as? String)
            #expect(key.hasPrefix("rls_\(prefix)_") && created.json["role"] as? String == "manager")

            #expect(try await server.request(.GET, "/api/v1/contacts", token: key).status == 200)
            #expect(try await server.request(.GET, "/api/v1/contacts/export", token: key).status == 200)
            let me = try await server.request(.GET, "/api/v1/me", token: key)
            #expect((me.json["user"] as? [String: Any])?["role"] as? String == "manager")

            // The secret part is nowhere but in the creating answer.
            let secret = String(key.dropFirst(4 + prefix.count + 1))
            let list = try await server.request(.GET, "/api/v1/api-keys", token: admin.accessToken)
            #expect((list.json["data"] as? [[String: Any]])?.first?["id"] as? String == id)
            #expect((list.json["data"] as? [[String: Any]])?.first?["last_used_at"] is String)
            #expect(!list.text.contains(secret) && list.json["next"] is NSNull)

            #expect(try await server.request(.DELETE, "/api/v1/api-keys/\(id)", token: admin.accessToken).status == 204)
            #expect(try await server.request(.GET, "/api/v1/contacts", token: key).status == 401)
            #expect(try await server.request(.DELETE, "/api/v1/api-keys/\(id)", token: admin.accessToken).status == 204)
            let audit = try await server.request(.GET, "/api/v1/audit-log?limit=500", token: admin.accessToken)
            #expect(audit.text.contains("api_key.created") && audit.text.contains("api_key.revoked") && !audit.text.contains(secret))
            #expect(audit.text.components(separatedBy: "api_key.revoked").count == 2)
        }
    }

    @Test func aKeysRoleIsEnforcedAndCappedByItsCreatorsRole() async throws {
        try await TestServer.with { server in
            let admin = try await TestTenant.signUp(on: server)
            let operatorKey = try await Self.create(on: server, role: "operator", token: admin.accessToken)
            #expect(try await server.request(.GET, "/api/v1/contacts", token: operatorKey).status == 200)
            #expect(try await server.request(.GET, "/api/v1/contacts/export", token: operatorKey).status == 403)
            #expect(try await server.request(.GET, "/api/v1/api-keys", token: operatorKey).status == 403)

            // A key cannot mint keys, log out, or open the live WebSocket, whatever its role.
            let adminKey = try await Self.create(on: server, role: "admin", token: admin.accessToken)
            #expect(try await server.request(.GET, "/api/v1/api-keys", token: adminKey).status == 200)
            let minted = try await server.request(.POST, "/api/v1/api-keys", json: ["name": "x", "role": "operator"], token: adminKey)
            #expect(minted.status == 403 && minted.json["code"] as? String == "api_keys.errors.session_route")
            #expect(try await server.request(.POST, "/api/v1/auth/logout", token: adminKey).status == 403)
            #expect(try await server.request(.GET, "/api/v1/me", token: adminKey).status == 200)

            // Its creator demoted to operator: the admin key now acts as an operator.
            let other = try await admin.addMember(on: server, role: "admin")
            let creatorKey = try await Self.create(on: server, role: "admin", token: other.token)
            #expect(try await server.request(.PATCH, "/api/v1/users/\(other.id)", json: ["role": "operator"], token: admin.accessToken).status == 200)
            let me = try await server.request(.GET, "/api/v1/me", token: creatorKey)
            #expect((me.json["user"] as? [String: Any])?["role"] as? String == "operator")
            #expect(try await server.request(.GET, "/api/v1/users/\(admin.userID)", token: creatorKey).status == 200)
            #expect(try await server.request(.PATCH, "/api/v1/users/\(admin.userID)", json: ["role": "operator"], token: creatorKey).status == 403)
            // Removing the creator ends their keys.
            #expect(try await server.request(.DELETE, "/api/v1/users/\(other.id)", token: admin.accessToken).status == 204)
            #expect(try await server.request(.GET, "/api/v1/me", token: creatorKey).status == 401)
        }
    }

    @Test func badKeysAndBadInputAreRefused() async throws {
        try await TestServer.with { server in
            let admin = try await TestTenant.signUp(on: server)
            let key = try await Self.create(on: server, role: "operator", token: admin.accessToken)
            let forged = String(key.dropLast(2)) + (key.hasSuffix("AA") ? "BB" : "AA")
            for token in [forged, "rls_", "rls_aaaaaaaaaaaa_" + String(repeating: "A", count: 43), "rls_" + String(repeating: "x", count: 5000), key + "x"] {
                #expect(try await server.request(.GET, "/api/v1/contacts", token: token).status == 401, "\(token.prefix(30))")
            }
            for body: [String: Any] in [["name": "", "role": "operator"], ["name": "x", "role": "owner"], ["name": String(repeating: "n", count: 121), "role": "admin"]] {
                let response = try await server.request(.POST, "/api/v1/api-keys", json: body, token: admin.accessToken)
                #expect(response.status == 422)
            }
            #expect(try await server.request(.POST, "/api/v1/api-keys", json: ["name": "x", "role": "admin", "extra": 1], token: admin.accessToken).status == 422)
            #expect(try await server.request(.DELETE, "/api/v1/api-keys/not-a-uuid", token: admin.accessToken).status == 404)
            #expect(try await server.request(.DELETE, "/api/v1/api-keys/\(UUID().uuidString)", token: admin.accessToken).status == 404)
            let list = try await server.request(.GET, "/api/v1/api-keys", token: admin.accessToken)
            #expect((list.json["data"] as? [[String: Any]])?.count == 1)
        }
    }

    @Test func theSettingsPageCreatesShowsTheKeyOnceAndRevokes() async throws {
        try await TestServer.with { server in
            let admin = try await TestTenant.signUp(on: server)
            let browser = try await BrowserSession.logIn(on: server, email: admin.email, password: admin.password)
            let empty = try await browser.get("/settings/api-keys")
            #expect(empty.status == 200 && empty.text.contains("No API keys yet"))
            #expect(try await browser.post("/settings/api-keys", form: ["name": "Zapier", "role": "operator"], csrf: "forged").status == 403)
            let created = try await browser.post("/settings/api-keys", form: ["name": "Zapier <b>", "role": "operator"])
            #expect(created.status == 303 || created.status == 302)
            let shown = try await browser.get("/settings/api-keys")
            let key = try #require(shown.text.firstMatch(of: /rls_[a-z0-9]{12}_[A-Za-z0-9_-]{43}/).map { String($0.output) })
            #expect(shown.text.contains("data-testid=\"new-api-key\"") && shown.text.contains("Zapier &lt;b&gt;"))
            #expect(try await server.request(.GET, "/api/v1/contacts", token: key).status == 200)
            let again = try await browser.get("/settings/api-keys")
            #expect(!again.text.contains(key) && !again.text.contains("new-api-key"))

            browser.language = "fr"
            #expect(try await browser.get("/settings/api-keys").text.contains("Créer la clé"))
            let id = try #require(
                (try await server.request(.GET, "/api/v1/api-keys", token: admin.accessToken).json["data"] as? [[String: Any]])?.first?["id"] as? String)
            #expect(try await browser.post("/settings/api-keys/\(id)/revoke", form: [:]).status == 303)
            #expect(try await server.request(.GET, "/api/v1/contacts", token: key).status == 401)

            let member = try await admin.addMember(on: server, role: "manager")
            #expect(try await server.request(.GET, "/api/v1/api-keys", token: member.token).status == 403)
        }
    }

    static func create(on server: TestServer, role: String, token: String) async throws -> String {
        let response = try await server.request(.POST, "/api/v1/api-keys", json: ["name": "key \(role)", "role": role], token: token)
        guard response.status == 201, let key = response.json["key"] as? String else { throw TestFailure("create key answered \(response.status): \(response.text)") }
        return key
    }
}
