import Foundation
import PostgresNIO
import RelaisCore
import RelaisStore
import RelaisTestSupport
import Testing
import WhatsAppCloud

@Suite struct WebhookTests {
    static func sign(_ body: String) -> String { WebhookSignature(appSecret: TestServer.appSecret).signature(for: Data(body.utf8)) }

    static func post(_ server: TestServer, _ body: String, signature: String?) async throws -> TestResponse {
        var headers = [("Content-Type", "application/json")]
        if let signature { headers.append(("X-Hub-Signature-256", signature)) }
        return try await server.request(.POST, "/webhooks/whatsapp", raw: Data(body.utf8), headers: headers)
    }

    @Test func theHandshakeAnswersTheChallengeOnlyForTheRightToken() async throws {
        try await TestServer.with { server in
            let ok = try await server.request(.GET, "/webhooks/whatsapp?hub.mode=subscribe&hub.verify_token=\(TestServer.verifyToken)&hub.challenge=1158201444")
            #expect(ok.status == 200 && ok.text == "1158201444")
            #expect(try await server.request(.GET, "/webhooks/whatsapp?hub.mode=subscribe&hub.verify_token=nope&hub.challenge=1").status == 403)
        }
    }

    @Test func unsignedOrWronglySignedWebhooksStoreNothing() async throws {
        try await TestServer.with { server in
            let body = #"{"object":"whatsapp_business_account","entry":[],"marker":"\#(UUID())"}"#
            #expect(try await Self.post(server, body, signature: nil).status == 401)
            #expect(try await Self.post(server, body, signature: "sha256=" + String(repeating: "0", count: 64)).status == 401)
            #expect(try await Self.post(server, body, signature: Self.sign(body + " ")).status == 401)
            #expect(try await Self.post(server, String(repeating: "x", count: 3 << 20 + 1), signature: nil).status == 413)
            let stored = try await Self.state(of: body)
            #expect(stored == nil, "nothing stored")
        }
    }

    @Test func signedGarbageAndUnknownNumbersAreKeptNotLost() async throws {
        try await TestServer.with { server in
            let garbage = "{\"object\": [truncated"
            #expect(try await Self.post(server, garbage, signature: Self.sign(garbage)).status == 200)
            let unknown = #"{"object":"whatsapp_business_account","entry":[{"id":"1","changes":[{"field":"messages","value":{"messaging_product":"whatsapp","metadata":{"display_phone_number":"1","phone_number_id":"999999999999"},"statuses":[{"id":"wamid.X","status":"sent","timestamp":"1750857384","recipient_id":"1"}]}}]}]}"#
            #expect(try await Self.post(server, unknown, signature: Self.sign(unknown)).status == 200)
            try await Self.eventually {
                let garbageState = try await Self.state(of: garbage)
                let unknownState = try await Self.state(of: unknown)
                return garbageState == "failed" && unknownState == "unroutable"
            }
            #expect(try await server.request(.GET, "/healthz").status == 200)
        }
    }

    @Test func concurrentWebhooksAreEachStoredOnceSharingCommits() async throws {
        try await TestServer.with { server in
            let marker = UUID().uuidString
            let bodies = (0..<200).map { #"{"object":"whatsapp_business_account","entry":[],"marker":"\#(marker)-\#($0)"}"# }
            let statuses = try await withThrowingTaskGroup(of: Int.self) { group in
                for body in bodies { group.addTask { try await Self.post(server, body, signature: Self.sign(body)).status } }
                return try await group.reduce(into: [Int]()) { $0.append($1) }
            }
            #expect(statuses.allSatisfy { $0 == 200 })
            let stored = try await Self.ownerCount("SELECT count(DISTINCT body)::int FROM webhook_events WHERE body LIKE '%\(marker)-%'")
            let rows = try await Self.ownerCount("SELECT count(*)::int FROM webhook_events WHERE body LIKE '%\(marker)-%'")
            #expect(stored == 200 && rows == 200, "each body stored once")
            // Rows written by one transaction share its `now()`: fewer distinct times than bodies means shared commits.
            // (Not `xmin`: the processor may already have updated the rows, one transaction each.)
            let commits = try await Self.ownerCount("SELECT count(DISTINCT received_at)::int FROM webhook_events WHERE body LIKE '%\(marker)-%'")
            #expect(commits < 200)
        }
    }

    @Test func aSignedBodyHoldingANulIsRefusedAndStoresNothing() async throws {
        try await TestServer.with { server in
            let marker = UUID().uuidString
            let body = "{\"object\":\"whatsapp_business_account\",\"marker\":\"\(marker)\u{0}\"}"
            let answer = try await Self.post(server, body, signature: Self.sign(body))
            #expect(answer.status == 400)
            let stored = try await Self.ownerCount("SELECT count(*)::int FROM webhook_events WHERE body LIKE '%\(marker)%'")
            #expect(stored == 0)
        }
    }

    @Test func statusesApplyIdempotentlyWhateverTheirOrder() async throws {
        try await TestServer.with { server in
            let admin = try await TestTenant.signUp(on: server)
            let number = try await server.request(.POST, "/api/v1/whatsapp/numbers/sandbox", token: admin.accessToken).json
            let phoneNumberID = number["phone_number_id"] as? String ?? ""
            let numberID = try #require(UUID(uuidString: number["id"] as? String ?? ""))
            let tenant = TenantID(try #require(UUID(uuidString: admin.companyID)))
            let (read, failed) = (UUID(), UUID())
            let (readCallback, failedCallback) = (UUID(), UUID())
            try await Self.withDatabase { database in
                try await database.withTenant(tenant) { connection in
                    for (id, callback) in [(read, readCallback), (failed, failedCallback)] {
                        try await connection.insertOutboundMessage(
                            id: id, number: numberID, to: "+33612345678", kind: "template", templateName: "t", bodyPreview: nil, callbackID: callback)
                    }
                }
            }
            func status(_ wamid: String, _ word: String, _ callback: UUID, error: String = "") -> String {
                #"{"id":"\#(wamid)","status":"\#(word)","timestamp":"1750857384","recipient_id":"33612345678","biz_opaque_callback_data":"\#(callback.uuidString)"\#(error)}"#
            }
            let failure = #","errors":[{"code":131026,"title":"Message undeliverable"}]"#
            // read before delivered, a duplicate read, and failed after sent.
            for statuses in [
                [status("wamid.R", "read", readCallback)], [status("wamid.R", "delivered", readCallback), status("wamid.R", "read", readCallback)],
                [status("wamid.R", "sent", readCallback)], [status("wamid.F", "sent", failedCallback)],
                [status("wamid.F", "failed", failedCallback, error: failure)], [status("wamid.F", "delivered", failedCallback)],
            ] {
                let body = #"{"object":"whatsapp_business_account","entry":[{"id":"1","changes":[{"field":"messages","value":{"messaging_product":"whatsapp","metadata":{"display_phone_number":"1","phone_number_id":"\#(phoneNumberID)"},"statuses":[\#(statuses.joined(separator: ","))]}}]}]}"#
                #expect(try await Self.post(server, body, signature: Self.sign(body)).status == 200)
            }
            try await Self.eventually {
                let outcome = try await Self.withDatabase { database in
                    try await database.withTenant(tenant) { connection in (try await connection.outboundStatus(read), try await connection.outboundStatus(failed)) }
                }
                return outcome.0?.status == .read && outcome.1?.status == .failed && outcome.1?.errorCode == 131026 && outcome.0?.wamid == "wamid.R"
            }
        }
    }

    @Test func inboundStopOptsOutAndIsRecordedOnce() async throws {
        try await TestServer.with { server in
            let admin = try await TestTenant.signUp(on: server)
            let number = try await server.request(.POST, "/api/v1/whatsapp/numbers/sandbox", token: admin.accessToken).json
            let phoneNumberID = number["phone_number_id"] as? String ?? ""
            let contact = try await server.request(
                .POST, "/api/v1/contacts", json: ["name": "Ana", "phone": "+33612345678", "consent": "opted_in"], token: admin.accessToken)
            let contactID = try #require(contact.json["id"] as? String)
            _ = try await server.simulator.inbound(phoneNumberID: phoneNumberID, from: "33612345678", text: "Arrêt")
            _ = try await server.simulator.inbound(phoneNumberID: phoneNumberID, from: "33698765432", text: "Bonjour, une question")
            try await Self.eventually {
                let optOuts = try await Self.ownerCount(
                    "SELECT count(*)::int FROM inbound_messages WHERE tenant_id = '\(admin.companyID)' AND opt_out AND from_phone = '+33612345678'")
                let others = try await Self.ownerCount("SELECT count(*)::int FROM inbound_messages WHERE tenant_id = '\(admin.companyID)' AND NOT opt_out")
                return optOuts == 1 && others == 1
            }
            // The contact is opted out with the message as evidence, and a stranger who wrote STOP is suppressed:
            // created later, they start opted out.
            try await Self.eventually {
                let consent = try await server.request(.GET, "/api/v1/contacts/\(contactID)", token: admin.accessToken).json["consent"]
                return (consent as? [String: Any])?["status"] as? String == "opted_out"
            }
            let page = try await BrowserSession.logIn(on: server, email: admin.email, password: admin.password).get("/contacts/\(contactID)")
            #expect(page.text.contains("data-testid=\"conversation\"") && page.text.contains("Arrêt") && page.text.contains("badge-optout"))
            _ = try await server.simulator.inbound(phoneNumberID: phoneNumberID, from: "33622222222", text: "STOP")
            try await Self.eventually {
                try await Self.ownerCount("SELECT count(*)::int FROM inbound_messages WHERE tenant_id = '\(admin.companyID)' AND from_phone = '+33622222222'") == 1
            }
            let stranger = try await server.request(
                .POST, "/api/v1/contacts", json: ["name": "Bo", "phone": "+33622222222", "consent": "opted_in"], token: admin.accessToken)
            #expect((stranger.json["consent"] as? [String: Any])?["status"] as? String == "opted_out")
            // Keywords are the company's own: after changing them, "Basta !" opts out too.
            let patched = try await server.request(.PATCH, "/api/v1/company", json: ["opt_out_keywords": ["ARRET", "Basta"]], token: admin.accessToken)
            #expect(patched.json["opt_out_keywords"] as? [String] == ["ARRET", "Basta"])
            _ = try await server.simulator.inbound(phoneNumberID: phoneNumberID, from: "33611111111", text: "basta !")
            try await Self.eventually {
                try await Self.ownerCount(
                    "SELECT count(*)::int FROM inbound_messages WHERE tenant_id = '\(admin.companyID)' AND opt_out AND from_phone = '+33611111111'") == 1
            }
            let invalid = try await server.request(.PATCH, "/api/v1/company", json: ["opt_out_keywords": []], token: admin.accessToken)
            #expect(invalid.status == 422)
        }
    }

    // MARK: helpers reading the database as its owner (the webhook inbox is closed to the application role)

    static func withDatabase<T: Sendable>(_ body: @Sendable (Database) async throws -> T) async throws -> T {
        let endpoints = try await TestDatabase.shared.start()
        return try await TestDatabase.withClient(endpoints.application) { try await body(Database(client: $0, logger: .init(label: "t"), suppressionKey: TestServer.suppressionKey)) }
    }

    static func ownerCount(_ sql: String) async throws -> Int {
        let endpoints = try await TestDatabase.shared.start()
        return try await TestDatabase.withOwnerClient(endpoints) { client in
            for try await count in try await client.query(PostgresQuery(unsafeSQL: sql)).decode(Int.self) { return count }
            return -1
        }
    }

    static func state(of body: String) async throws -> String? {
        let endpoints = try await TestDatabase.shared.start()
        return try await TestDatabase.withOwnerClient(endpoints) { client in
            for try await state in try await client.query("SELECT state FROM webhook_events WHERE body = \(body) ORDER BY id DESC LIMIT 1").decode(String.self) {
                return state
            }
            return nil
        }
    }

    /// Polls `condition` for up to 30 s: webhooks are applied by a background service, and an event claimed by
    /// a test server that stopped meanwhile waits for its 10 s lease to expire before another server applies it.
    static func eventually(_ condition: () async throws -> Bool) async throws {
        for _ in 0..<300 {
            if try await condition() { return }
            try await Task.sleep(for: .milliseconds(100))
        }
        Issue.record("condition not met within 30 s")
    }
}
