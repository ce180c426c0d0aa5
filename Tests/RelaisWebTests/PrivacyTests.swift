import Foundation
import Logging
import PostgresNIO
import RelaisCore
import RelaisReports
import RelaisStore
import RelaisTestSupport
import RelaisWeb
import Testing

/// A data subject's rights through the API (export, erasure), the retention job, and the Privacy page.
@Suite struct PrivacyTests {
    /// Runs SQL as the schema owner on the shared test database (to back-date rows and read what the API hides).
    func owner<T: Sendable>(_ body: @Sendable (PostgresClient) async throws -> T) async throws -> T {
        let endpoints = try await TestDatabase.shared.start()
        return try await TestDatabase.withOwnerClient(endpoints, body)
    }

    /// Adds a sent campaign-less message and an inbound reply for `phone`, as the owner (no WhatsApp round trip).
    func addMessages(tenant: String, phone: String, ageDays: Int) async throws {
        try await owner { client in
            let tenantID = UUID(uuidString: tenant)!
            let number = UUID()
            try await client.query(
                """
                INSERT INTO whatsapp_numbers (tenant_id, id, phone_number_id, waba_id, display_phone_number, access_token_sealed)
                VALUES (\(tenantID), \(number), \(String(UInt64.random(in: 1_000_000_000...9_999_999_999_999))), '1234', '+33100000000', 'x')
                """)
            try await client.query(
                """
                INSERT INTO outbound_messages (tenant_id, id, number_id, to_phone, template_name, body_preview, status, callback_id, created_at, sent_at, delivered_at)
                VALUES (\(tenantID), gen_random_uuid(), \(number), \(phone), 'promo', 'Bonjour Ana', 'delivered', gen_random_uuid(),
                        now() - make_interval(days => CAST(\(ageDays) AS integer)), now() - make_interval(days => CAST(\(ageDays) AS integer)), now() - make_interval(days => CAST(\(ageDays) AS integer)))
                """)
            try await client.query(
                """
                INSERT INTO inbound_messages (tenant_id, id, number_id, wamid, from_phone, profile_name, type, text, sent_at, received_at)
                VALUES (\(tenantID), gen_random_uuid(), \(number), 'wamid.' || gen_random_uuid()::text, \(phone), 'Ana', 'text', 'Merci !',
                        now() - make_interval(days => CAST(\(ageDays) AS integer)), now() - make_interval(days => CAST(\(ageDays) AS integer)))
                """)
        }
    }

    func count(_ sql: String) async throws -> Int {
        try await owner { client in
            for try await value in try await client.query(PostgresQuery(unsafeSQL: sql)).decode(Int.self) { return value }
            return -1
        }
    }

    @Test func exportHoldsProfileConsentAndMessagesThenErasureAnonymises() async throws {
        try await TestServer.with { server in
            let a = try await TestTenant.signUp(on: server)
            let phone = "+3361\(Int.random(in: 1_000_000...9_999_999))"
            let contact = try await server.createContact(
                ["name": "Ana Martin", "phone": phone, "tags": ["vip"], "attributes": ["ville": "Lyon"], "consent": "opted_in", "consent_source": "form"],
                token: a.accessToken)
            let id = try #require(contact["id"] as? String)
            try await addMessages(tenant: a.companyID, phone: phone, ageDays: 2)
            #expect(try await server.request(.POST, "/api/v1/contacts/\(id)/opt-out", token: a.accessToken).status == 200)

            let export = try await server.request(.GET, "/api/v1/contacts/\(id)/export", token: a.accessToken)
            #expect(export.status == 200)
            #expect(export.headers["Content-Type"].first == "application/zip")
            let files = try ZipBundle.entries(of: export.body)
            let json = try #require(files["contact-\(id).json"])
            let document = try #require(try JSONSerialization.jsonObject(with: json) as? [String: Any])
            let profile = try #require(document["contact"] as? [String: Any])
            #expect(profile["phone"] as? String == phone)
            #expect(document["tags"] as? [String] == ["vip"])
            #expect((document["attributes"] as? [String: String])?["ville"] == "Lyon")
            #expect(document["suppressed"] as? Bool == true)
            let history = try #require(document["consent_history"] as? [[String: Any]])
            #expect(history.map { $0["status"] as? String } == ["opted_in", "opted_out"])
            let sent = try #require(document["messages_sent"] as? [[String: Any]])
            #expect(sent.count == 1)
            let timeline = (sent.first?["status_timeline"] as? [[String: Any]])?.compactMap { $0["status"] as? String }
            #expect(timeline == ["created", "sent", "delivered"] || timeline?.count == 3)
            #expect((document["messages_received"] as? [[String: Any]])?.first?["text"] as? String == "Merci !")

            let tenant = a.companyID
            let countsBefore = try await count("SELECT count(*)::int FROM outbound_messages WHERE tenant_id = '\(tenant)' AND status = 'delivered'")
            #expect(try await server.request(.POST, "/api/v1/contacts/\(id)/erase", token: a.accessToken).status == 204)
            #expect(try await server.request(.GET, "/api/v1/contacts/\(id)", token: a.accessToken).status == 404)
            #expect(try await server.request(.POST, "/api/v1/contacts/\(id)/erase", token: a.accessToken).status == 404)
            #expect(try await count("SELECT count(*)::int FROM outbound_messages WHERE tenant_id = '\(tenant)' AND to_phone = '\(phone)'") == 0)
            #expect(try await count("SELECT count(*)::int FROM inbound_messages WHERE tenant_id = '\(tenant)' AND from_phone = '\(phone)'") == 0)
            #expect(try await count("SELECT count(*)::int FROM outbound_messages WHERE tenant_id = '\(tenant)' AND status = 'delivered'") == countsBefore)
            #expect(try await count("SELECT count(*)::int FROM outbound_messages WHERE tenant_id = '\(tenant)' AND anonymised_at IS NOT NULL") == 1)
            let audit = try await count(
                "SELECT count(*)::int FROM audit_log WHERE tenant_id = '\(tenant)' AND action IN ('contact.erased', 'contact.exported_personal_data') AND details::text NOT LIKE '%\(phone.dropFirst())%'")
            #expect(audit == 2)
            #expect(try await count("SELECT count(*)::int FROM audit_log WHERE tenant_id = '\(tenant)' AND details::text LIKE '%\(phone.dropFirst())%'") == 0)

            // Re-imported (re-created) later, the number is still suppressed.
            let again = try await server.createContact(["name": "Ana", "phone": phone, "consent": "opted_in"], token: a.accessToken)
            #expect((again["consent"] as? [String: Any])?["status"] as? String == "opted_out")
        }
    }

    @Test func anotherCompanysContactCannotBeExportedOrErased() async throws {
        try await TestServer.with { server in
            let a = try await TestTenant.signUp(on: server)
            let b = try await TestTenant.signUp(on: server, company: "Other")
            let contact = try await server.createContact(["name": "Bo", "phone": "+3362\(Int.random(in: 1_000_000...9_999_999))"], token: a.accessToken)
            let id = try #require(contact["id"] as? String)
            #expect(try await server.request(.GET, "/api/v1/contacts/\(id)/export", token: b.accessToken).status == 404)
            #expect(try await server.request(.POST, "/api/v1/contacts/\(id)/erase", token: b.accessToken).status == 404)
            #expect(try await server.request(.GET, "/api/v1/contacts/\(id)", token: a.accessToken).status == 200)
            #expect(try await server.request(.GET, "/api/v1/contacts/not-an-id/export", token: a.accessToken).status == 404)
        }
    }

    @Test func retentionAnonymisesOnlyExpiredMessagesAndIsIdempotent() async throws {
        try await TestServer.with { server in
            let a = try await TestTenant.signUp(on: server)
            let patch = try await server.request(.PATCH, "/api/v1/company", json: ["message_retention_months": 6], token: a.accessToken)
            #expect(patch.status == 200)
            #expect(patch.json["message_retention_months"] as? Int == 6)
            #expect(try await server.request(.PATCH, "/api/v1/company", json: ["message_retention_months": 0], token: a.accessToken).status == 422)
            let old = "+3363\(Int.random(in: 1_000_000...9_999_999))", recent = "+3364\(Int.random(in: 1_000_000...9_999_999))"
            try await addMessages(tenant: a.companyID, phone: old, ageDays: 200)
            try await addMessages(tenant: a.companyID, phone: recent, ageDays: 30)
            let endpoints = try await TestDatabase.shared.start()
            let (first, second) = try await TestDatabase.withClient(endpoints.application) { client -> (Int, Int) in
                let job = RetentionService(database: Database(client: client, logger: Logger(label: "t")), logger: Logger(label: "t"))
                let first = try await job.runOnce()
                return (first, try await job.runOnce())
            }
            #expect(first >= 2)
            #expect(second == 0)
            let tenant = a.companyID
            #expect(try await count("SELECT count(*)::int FROM outbound_messages WHERE tenant_id = '\(tenant)' AND to_phone = '\(old)'") == 0)
            #expect(try await count("SELECT count(*)::int FROM inbound_messages WHERE tenant_id = '\(tenant)' AND from_phone = '\(old)'") == 0)
            #expect(try await count("SELECT count(*)::int FROM outbound_messages WHERE tenant_id = '\(tenant)' AND to_phone = '\(recent)'") == 1)
            #expect(try await count("SELECT count(*)::int FROM outbound_messages WHERE tenant_id = '\(tenant)' AND status = 'delivered'") == 2)
        }
    }

    @Test func privacyAndBackupsPagesRenderAndRetentionIsSavedFromTheForm() async throws {
        try await TestServer.with { server in
            let a = try await TestTenant.signUp(on: server)
            let browser = try await BrowserSession.logIn(on: server, email: a.email, password: a.password)
            let privacy = try await browser.get("/settings/privacy")
            #expect(privacy.status == 200)
            #expect(privacy.text.contains("24 months"))
            #expect(privacy.text.contains("Meta Platforms Ireland"))
            let saved = try await browser.post("/settings/privacy/retention", form: ["message_retention_months": "12"])
            #expect(saved.status == 303 || saved.status == 302)
            #expect(try await browser.get("/settings/privacy").text.contains("12 months"))
            let refused = try await browser.post("/settings/privacy/retention", form: ["message_retention_months": "500"])
            #expect(refused.status == 303 || refused.status == 302)
            #expect(try await browser.get("/settings/privacy").text.contains("12 months"))
            // The test server has no owner URL: the page says scheduled backups are off, and "Back up now" explains why.
            let backups = try await browser.get("/settings/backups")
            #expect(backups.status == 200)
            #expect(backups.text.contains("data-testid=\"backup-now\""))
            // The contact page offers the export and the erasure (with its confirmation) to an admin, and both work.
            let contact = try await server.createContact(["name": "Zoé", "phone": "+3365\(Int.random(in: 1_000_000...9_999_999))"], token: a.accessToken)
            let id = try #require(contact["id"] as? String)
            let page = try await browser.get("/contacts/\(id)")
            #expect(page.text.contains("/contacts/\(id)/export"))
            #expect(page.text.contains("This cannot be undone"))
            let zip = try await browser.get("/contacts/\(id)/export")
            #expect(zip.status == 200)
            #expect(try ZipBundle.entries(of: zip.body).keys.contains("contact-\(id).json"))
            #expect([302, 303].contains(try await browser.post("/contacts/\(id)/erase", form: [:]).status))
            #expect(try await server.request(.GET, "/api/v1/contacts/\(id)", token: a.accessToken).status == 404)
        }
    }

    /// Backups hold every company's data: where the platform's operators are named, another company's admin neither
    /// sees the Backups page in the menu nor reaches it, and cannot start a backup.
    @Test func onlyNamedOperatorsReachTheBackupsPage() async throws {
        try await TestServer.with(environment: ["RELAIS_OPERATOR_EMAILS": "ops@relais.example"]) { server in
            let a = try await TestTenant.signUp(on: server)
            let browser = try await BrowserSession.logIn(on: server, email: a.email, password: a.password)
            let privacy = try await browser.get("/settings/privacy")
            #expect(privacy.status == 200)
            #expect(!privacy.text.contains("/settings/backups"))
            #expect(try await browser.get("/settings/backups").status == 404)
            #expect(try await browser.post("/settings/backups", form: [:]).status == 404)
        }
    }
}
