import Foundation
@testable import Relais
import PostgresNIO
import RelaisTestSupport
import Testing
import WhatsAppSimulator

@Suite struct WhatsAppNumbersTests {
    @Test func aSandboxNumberConnectsInOneStepAndNeverShowsItsToken() async throws {
        try await TestServer.with { server in
            let admin = try await TestTenant.signUp(on: server)
            let created = try await server.request(.POST, "/api/v1/whatsapp/numbers/sandbox", json: ["display_phone_number": "+33 6 00 00 00 01"], token: admin.accessToken)
            #expect(created.status == 201)
            #expect(created.json["sandbox"] as? Bool == true)
            #expect(created.json["status"] as? String == "connected")
            #expect(created.json["throughput"] as? Int == 80)
            #expect(created.json["access_token"] == nil)
            let id = try #require(created.json["id"] as? String)
            let list = try await server.request(.GET, "/api/v1/whatsapp/numbers", token: admin.accessToken)
            #expect((list.json["data"] as? [[String: Any]])?.map { $0["id"] as? String } == [id])
            #expect(try await server.request(.POST, "/api/v1/whatsapp/numbers/\(id)/verify", token: admin.accessToken).status == 200)
        }
    }

    @Test func embeddedSignupExchangesTheCodeOnceAndChecksTheWABA() async throws {
        try await TestServer.with(environment: ["RELAIS_META_APP_ID": SimulatorConfiguration().appID]) { server in
            let admin = try await TestTenant.signUp(on: server)
            let number = try await server.simulator.createNumber(["display_phone_number": "+33 6 00 00 00 03"])
            let other = try await server.simulator.createNumber()
            func signup(_ code: String, waba: String) async throws -> TestResponse {
                try await server.request(
                    .POST, "/api/v1/whatsapp/numbers/embedded-signup", json: ["code": code, "phone_number_id": number.phoneNumberID, "waba_id": waba],
                    token: admin.accessToken)
            }
            // A code whose token does not reach the WABA the popup named is refused, and nothing is stored.
            let foreign = try await signup(try await server.simulator.signupCode(phoneNumberID: number.phoneNumberID), waba: other.wabaID)
            #expect(foreign.status == 422 && (foreign.json["errors"] as? [[String: Any]])?.first?["field"] as? String == "waba_id", "\(foreign.text)")
            let code = try await server.simulator.signupCode(phoneNumberID: number.phoneNumberID)
            let connected = try await signup(code, waba: number.wabaID)
            #expect(connected.status == 201, "\(connected.text)")
            #expect(connected.json["phone_number_id"] as? String == number.phoneNumberID && connected.json["status"] as? String == "connected")
            #expect(!connected.text.contains(number.accessToken))
            // The code is single-use, and garbage is a field error, not a 500.
            let reused = try await signup(code, waba: number.wabaID)
            #expect(reused.status == 422 && (reused.json["errors"] as? [[String: Any]])?.first?["field"] as? String == "code")
            #expect(try await signup("not a code", waba: number.wabaID).status == 422)
            let list = try await server.request(.GET, "/api/v1/whatsapp/numbers", token: admin.accessToken)
            #expect((list.json["data"] as? [[String: Any]])?.count == 1)
            // The app now receives the WABA's webhooks: an inbound message reaches this company.
            _ = try await server.simulator.inbound(phoneNumberID: number.phoneNumberID, from: "33612345678", text: "Bonjour")
            try await WebhookTests.eventually {
                try await WebhookTests.ownerCount("SELECT count(*)::int FROM inbound_messages WHERE tenant_id = '\(admin.companyID)'") == 1
            }
        }
    }

    @Test func embeddedSignupNeedsAMetaAppOutsideTheSandbox() throws {
        let external = "postgres://relais@db/relais"
        #expect(try RelaisConfiguration(environment: [:]).signupAppID == SimulatorConfiguration().appID)
        #expect(try RelaisConfiguration(environment: ["DATABASE_URL": external]).signupAppID == nil)
        #expect(try RelaisConfiguration(environment: ["DATABASE_URL": external, "RELAIS_META_APP_ID": "1234"]).signupAppID == "1234")
        #expect(throws: ConfigurationError.self) { try RelaisConfiguration(environment: ["RELAIS_META_APP_ID": "12a"]) }
    }

    @Test func connectingChecksTheTokenWithTheGraphAPIAndSealsIt() async throws {
        try await TestServer.with { server in
            let admin = try await TestTenant.signUp(on: server)
            let number = try await server.simulator.createNumber(["display_phone_number": "+221 77 000 00 02"])
            let wrong = try await server.request(
                .POST, "/api/v1/whatsapp/numbers",
                json: ["phone_number_id": number.phoneNumberID, "waba_id": number.wabaID, "access_token": "EAAG-not-the-token"], token: admin.accessToken)
            #expect(wrong.status == 422)
            #expect((wrong.json["errors"] as? [[String: Any]])?.first?["field"] as? String == "access_token")
            let right = try await server.request(
                .POST, "/api/v1/whatsapp/numbers",
                json: ["phone_number_id": number.phoneNumberID, "waba_id": number.wabaID, "access_token": number.accessToken], token: admin.accessToken)
            #expect(right.status == 201)
            #expect(!right.text.contains(number.accessToken))

            // At rest, only a ciphertext: the token appears in no column of the table.
            let endpoints = try await TestDatabase.shared.start()
            let leaked = try await TestDatabase.withOwnerClient(endpoints) { client in
                let rows = try await client.query("SELECT count(*)::int FROM whatsapp_numbers WHERE whatsapp_numbers::text LIKE \("%" + number.accessToken + "%")")
                for try await count in rows.decode(Int.self) { return count }
                return -1
            }
            #expect(leaked == 0)
            let audit = try await server.request(.GET, "/api/v1/audit-log?limit=500", token: admin.accessToken)
            #expect(audit.text.contains("whatsapp_number.connected") && !audit.text.contains(number.accessToken))

            let again = try await TestTenant.signUp(on: server)
            let duplicate = try await server.request(
                .POST, "/api/v1/whatsapp/numbers",
                json: ["phone_number_id": number.phoneNumberID, "waba_id": number.wabaID, "access_token": number.accessToken], token: again.accessToken)
            #expect(duplicate.status == 409)
        }
    }

    @Test func badConnectionInputIsRefusedBeforeCallingMeta() async throws {
        try await TestServer.with { server in
            let admin = try await TestTenant.signUp(on: server)
            let response = try await server.request(
                .POST, "/api/v1/whatsapp/numbers", json: ["phone_number_id": "12; DROP", "waba_id": "", "access_token": "has space"], token: admin.accessToken)
            #expect(response.status == 422)
            let fields = Set((response.json["errors"] as? [[String: Any]] ?? []).compactMap { $0["field"] as? String })
            #expect(fields == ["phone_number_id", "waba_id", "access_token"])
            let member = try await admin.addMember(on: server, role: "manager")
            #expect(try await server.request(.POST, "/api/v1/whatsapp/numbers/sandbox", token: member.token).status == 403)
        }
    }

    @Test func withoutSandboxModeThereIsNoSandboxNumber() async throws {
        try await TestServer.with(environment: ["RELAIS_SANDBOX": "false", "RELAIS_GRAPH_BASE_URL": "http://127.0.0.1:9"]) { server in
            let admin = try await TestTenant.signUp(on: server)
            #expect(try await server.request(.POST, "/api/v1/whatsapp/numbers/sandbox", token: admin.accessToken).status == 404)
            let unreachable = try await server.request(
                .POST, "/api/v1/whatsapp/numbers", json: ["phone_number_id": "1", "waba_id": "2", "access_token": "x"], token: admin.accessToken)
            #expect(unreachable.status == 502)
        }
    }

    @Test func anotherCompanysNumbersAndTemplatesAreNotFound() async throws {
        try await TestServer.with { server in
            let a = try await TestTenant.signUp(on: server)
            let b = try await TestTenant.signUp(on: server)
            let number = try await server.request(.POST, "/api/v1/whatsapp/numbers/sandbox", token: a.accessToken).json["id"] as? String ?? ""
            let template = try await server.request(.POST, "/api/v1/templates", json: WhatsAppTemplatesTests.welcome(number: number), token: a.accessToken)
            let templateID = try #require(template.json["id"] as? String)
            #expect(try await server.request(.GET, "/api/v1/whatsapp/numbers/\(number)", token: b.accessToken).status == 404)
            #expect(try await server.request(.POST, "/api/v1/whatsapp/numbers/\(number)/verify", token: b.accessToken).status == 404)
            #expect(try await server.request(.DELETE, "/api/v1/whatsapp/numbers/\(number)", token: b.accessToken).status == 404)
            #expect(try await server.request(.GET, "/api/v1/templates/\(templateID)", token: b.accessToken).status == 404)
            #expect(try await server.request(.DELETE, "/api/v1/templates/\(templateID)", token: b.accessToken).status == 404)
            #expect(try await server.request(.POST, "/api/v1/templates", json: WhatsAppTemplatesTests.welcome(number: number, name: "stolen"), token: b.accessToken).status == 404)
            #expect(try await server.request(.POST, "/api/v1/templates/sync", json: ["number_id": number], token: b.accessToken).status == 404)
            #expect((try await server.request(.GET, "/api/v1/whatsapp/numbers", token: b.accessToken).json["data"] as? [Any])?.isEmpty == true)
            #expect((try await server.request(.GET, "/api/v1/templates", token: b.accessToken).json["data"] as? [Any])?.isEmpty == true)
            #expect(try await server.request(.GET, "/api/v1/whatsapp/numbers/\(number)", token: a.accessToken).status == 200)
            #expect(try await server.request(.GET, "/api/v1/templates/\(templateID)", token: a.accessToken).status == 200)
        }
    }
}
