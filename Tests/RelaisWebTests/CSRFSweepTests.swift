import Foundation
import Testing

/// Every form a signed-in user can post, posted with a forged CSRF token and with none: each is a 403 and nothing
/// changes (the audit log, which every state change writes to, stays as it was).
@Suite struct CSRFSweepTests {
    @Test func everyFormRefusesAForgedOrMissingToken() async throws {
        try await TestServer.with { server in
            let fixture = try await CampaignFixture.make(on: server, contacts: 2)
            let token = fixture.admin.accessToken
            let contact = try await server.request(.POST, "/api/v1/contacts", json: ["name": "Léa", "phone": "+33612345678"], token: token)
            let contactID = try #require(contact.json["id"] as? String)
            let campaign = try await fixture.createCampaign()
            let invited = try await server.request(
                .POST, "/api/v1/users", json: ["name": "Op", "email": "op-\(UUID().uuidString.prefix(8))@example.com", "role": "operator"], token: token)
            let userID = try #require((invited.json["user"] as? [String: Any])?["id"] as? String, "\(invited.text)")
            let key = try await server.request(.POST, "/api/v1/api-keys", json: ["name": "CI", "role": "operator"], token: token)
            let keyID = try #require(key.json["id"] as? String, "\(key.text)")
            let upload = try await server.upload("a.csv", Data("phone,name\n+33612345670,Ana\n".utf8), token: token)
            let importID = try #require(upload.json["id"] as? String, "\(upload.text)")
            let n = fixture.numberID, c = campaign
            let forms: [(String, [String: String])] = [
                ("/settings/numbers", ["phone_number_id": "1", "waba_id": "2", "access_token": "x"]),
                ("/settings/numbers/sandbox", [:]),
                ("/settings/numbers/\(n)/verify", [:]),
                ("/settings/numbers/\(n)/remove", [:]),
                ("/templates", ["number_id": n, "name": "x", "language": "fr", "category": "MARKETING", "body": "Bonjour"]),
                ("/templates/sync", [:]),
                ("/settings/privacy/retention", ["months": "6"]),
                ("/settings/backups", [:]),
                ("/contacts/\(contactID)/erase", ["confirm": "Léa"]),
                ("/campaigns", ["name": "x", "number_id": n]),
                ("/campaigns/\(c)", ["name": "renamed"]),
                ("/campaigns/\(c)/launch", [:]),
                ("/campaigns/\(c)/pause", [:]), ("/campaigns/\(c)/resume", [:]), ("/campaigns/\(c)/cancel", [:]),
                ("/campaigns/\(c)/delete", [:]),
                ("/campaigns/\(c)/test-send", ["phone": "+33612345678"]),
                ("/campaigns/\(c)/schedule", ["start": "2030-01-01T10:00"]),
                ("/contacts/imports/\(importID)/start", ["phone_column": "0"]),
                ("/contacts/segments", ["name": "x"]),
                ("/contacts/\(contactID)/opt-out", [:]), ("/contacts/\(contactID)/opt-in", [:]),
                ("/contacts/\(contactID)/delete", [:]),
                ("/logout", [:]),
                ("/language", ["lang": "fr"]),
                ("/settings/api-keys", ["name": "x", "role": "operator"]),
                ("/settings/api-keys/\(keyID)/revoke", [:]),
                ("/settings/team/invite", ["name": "x", "email": "x-\(UUID().uuidString.prefix(6))@example.com", "role": "operator"]),
                ("/settings/team/\(userID)/role", ["role": "admin"]),
                ("/settings/team/\(userID)/remove", [:]),
            ]
            let browser = try await BrowserSession.logIn(on: server, email: fixture.admin.email, password: fixture.admin.password)
            let before = try await auditEntries(server, token)
            #expect(before >= 5, "the fixture's own actions are in the audit log")
            for (path, form) in forms {
                let forged = try await browser.post(path, form: form, csrf: "forged-\(UUID())")
                #expect(forged.status == 403, "\(path) with a forged token answered \(forged.status)")
                var fields = form.map { "\($0.key)=\($0.value.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")" }.joined(separator: "&")
                if fields.isEmpty { fields = "x=1" }
                let missing = try await browser.send(.POST, path, body: Data(fields.utf8), headers: [("Content-Type", "application/x-www-form-urlencoded")])
                #expect(missing.status == 403, "\(path) without a token answered \(missing.status)")
            }
            // The multipart import form checks the token too.
            let multipart = try await browser.send(
                .POST, "/contacts/import", body: Multipart.body(fields: ["csrf_token": "forged"], file: ("b.csv", Data("phone\n+33612345671\n".utf8))),
                headers: [("Content-Type", "multipart/form-data; boundary=\(Multipart.boundary)")])
            #expect(multipart.status == 403)
            #expect(try await auditEntries(server, token) == before, "a refused form changed something")
            // Still signed in: the forged logout did not log out.
            #expect(try await browser.get("/contacts").status == 200)
        }
    }

    /// How many audit entries the company has (every state change writes one).
    private func auditEntries(_ server: TestServer, _ token: String) async throws -> Int {
        let page = try await server.request(.GET, "/api/v1/audit-log?limit=500", token: token)
        return page.text.components(separatedBy: "\"action\"").count - 1
    }
}
