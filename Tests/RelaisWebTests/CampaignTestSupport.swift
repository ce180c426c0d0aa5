import Foundation
import PostgresNIO
import RelaisStore
import RelaisTestSupport
import Testing
import WhatsAppSimulator

/// A company ready to send: a sandbox number, an approved marketing template taking a first name and a code,
/// and `contacts` opted-in contacts (the first `tagged` of them tagged `vip`).
struct CampaignFixture {
    let server: TestServer
    let admin: TestTenant
    let numberID: String
    let phoneNumberID: String
    /// The schema owner's URL of the database the server uses (for setup that is not the behaviour under test).
    let owner: DatabaseURL
    let template = "relais_promo"

    static func make(on server: TestServer, contacts: Int, tagged: Int = 0, phonePrefix: String = "+1555") async throws -> CampaignFixture {
        let admin = try await TestTenant.signUp(on: server)
        let number = try await server.request(.POST, "/api/v1/whatsapp/numbers/sandbox", token: admin.accessToken).json
        let fixture = CampaignFixture(
            server: server, admin: admin, numberID: number["id"] as? String ?? "", phoneNumberID: number["phone_number_id"] as? String ?? "",
            owner: try await TestDatabase.shared.start().owner)
        try await fixture.approvedTemplate()
        try await fixture.insertContacts(contacts, tagged: tagged, phonePrefix: phonePrefix)
        return fixture
    }

    /// Submits the template (the fixture's own unless `name` and `components` say otherwise) and waits for the
    /// simulator's approval webhook.
    func approvedTemplate(name: String? = nil, components: [[String: Any]]? = nil) async throws {
        let body: [String: Any] = [
            "number_id": numberID, "name": name ?? template, "category": "MARKETING", "language": "fr",
            "components": components ?? [
                ["type": "BODY", "text": "Bonjour {{1}}, profitez de {{2}} avec le code VIP !"],
                ["type": "FOOTER", "text": "Répondez STOP pour vous désinscrire"],
            ],
        ]
        let created = try await server.request(.POST, "/api/v1/templates", json: body, token: admin.accessToken)
        guard created.status == 201, let id = created.json["id"] as? String else { throw TestFailure("template: \(created.text)") }
        // Approval is a webhook any server's processor may claim: one torn down mid-claim delays it by its 10 s lease.
        for _ in 0..<300 {
            if try await server.request(.GET, "/api/v1/templates/\(id)", token: admin.accessToken).json["status"] as? String == "APPROVED" { return }
            try await Task.sleep(for: .milliseconds(100))
        }
        throw TestFailure("the template was not approved")
    }

    /// Inserts opted-in contacts in one statement (as the schema owner: setup, not the behaviour under test).
    /// Every fifth has no first name, so fallbacks are exercised.
    func insertContacts(_ count: Int, tagged: Int = 0, phonePrefix: String = "+1555") async throws {
        guard count > 0 else { return }
        let tenant = try #require(UUID(uuidString: admin.companyID))
        try await TestDatabase.withClient(owner) { client in
            try await client.query(
                """
                INSERT INTO contacts (tenant_id, name, first_name, phone, consent_status, consent_source, consent_at)
                SELECT \(tenant), 'Contact ' || i, CASE WHEN i % 5 = 0 THEN NULL ELSE 'Zoé' || i END,
                       \(phonePrefix) || lpad(i::text, 7, '0'), 'opted_in', 'test', now()
                FROM generate_series(1, \(count)) AS i
                """)
            if tagged > 0 {
                try await client.query("INSERT INTO tags (tenant_id, name) VALUES (\(tenant), 'vip')")
                try await client.query(
                    """
                    INSERT INTO contact_tags (tenant_id, tag_id, contact_id)
                    SELECT c.tenant_id, t.id, c.id FROM contacts c JOIN tags t ON t.tenant_id = c.tenant_id AND t.name = 'vip'
                    WHERE c.tenant_id = \(tenant) AND c.phone <= \(phonePrefix) || lpad(\(tagged)::text, 7, '0')
                    """)
            }
        }
    }

    /// The body of a campaign sending the fixture's template; `extra` overrides fields.
    func campaignBody(_ extra: [String: Any] = [:]) -> [String: Any] {
        var body: [String: Any] = [
            "name": "Soldes d'hiver ❄️", "number_id": numberID, "template": ["name": template, "language": "fr"],
            "variables": ["body": ["{first_name|client}", "-20 %"]], "audience": ["tags_any": [String]()],
        ]
        body.merge(extra) { $1 }
        return body
    }

    /// Creates a campaign and returns its id.
    func createCampaign(_ extra: [String: Any] = [:], token: String? = nil) async throws -> String {
        let created = try await server.request(.POST, "/api/v1/campaigns", json: campaignBody(extra), token: token ?? admin.accessToken)
        guard created.status == 201, let id = created.json["id"] as? String else { throw TestFailure("create campaign: \(created.text)") }
        return id
    }

    func stats(_ campaign: String) async throws -> [String: Any] {
        try await server.request(.GET, "/api/v1/campaigns/\(campaign)/stats", token: admin.accessToken).json
    }

    /// Waits until the campaign reaches `state` and `also` holds of its stats (and returns them), failing after `seconds`.
    func waitFor(
        _ campaign: String, state: String, seconds: Int = 60, also: ([String: Any]) -> Bool = { _ in true }
    ) async throws -> [String: Any] {
        var last: [String: Any] = [:]
        for _ in 0..<(seconds * 10) {
            last = try await stats(campaign)
            if last["state"] as? String == state, also(last) { return last }
            try await Task.sleep(for: .milliseconds(100))
        }
        throw TestFailure("campaign not \(state) after \(seconds) s: \(last)")
    }

    /// Every message the simulator accepted from this number.
    func ledger() async throws -> [LedgerEntry] {
        try await server.simulator.allMessages(phoneNumberID: phoneNumberID)
    }
}

extension Dictionary where Key == String, Value == Any {
    /// `by_status[status]` of a stats answer.
    func count(_ status: String) -> Int { (self["by_status"] as? [String: Any])?[status] as? Int ?? -1 }
}
