import Foundation
import Testing

@Suite struct WhatsAppTemplatesTests {
    static func welcome(number: String, name: String = "relais_welcome") -> [String: Any] {
        [
            "number_id": number, "name": name, "category": "MARKETING", "language": "fr",
            "components": [
                ["type": "HEADER", "format": "TEXT", "text": "Bienvenue chez {{1}}"],
                ["type": "BODY", "text": "Bonjour {{1}}, profitez de -20 % avec le code {{2}} jusqu'à dimanche !"],
                ["type": "FOOTER", "text": "Répondez STOP pour vous désinscrire"],
                ["type": "BUTTONS", "buttons": [["type": "QUICK_REPLY", "text": "Stop promotions"]]],
            ],
        ]
    }

    @Test func aSubmittedTemplateIsApprovedByWebhook() async throws {
        try await TestServer.with { server in
            let admin = try await TestTenant.signUp(on: server)
            let number = try await server.request(.POST, "/api/v1/whatsapp/numbers/sandbox", token: admin.accessToken).json["id"] as? String ?? ""
            let created = try await server.request(.POST, "/api/v1/templates", json: Self.welcome(number: number), token: admin.accessToken)
            #expect(created.status == 201)
            #expect(created.json["status"] as? String == "PENDING")
            let id = try #require(created.json["id"] as? String)
            var status = ""
            for _ in 0..<100 where status != "APPROVED" {
                try await Task.sleep(for: .milliseconds(100))
                status = try await server.request(.GET, "/api/v1/templates/\(id)", token: admin.accessToken).json["status"] as? String ?? ""
            }
            #expect(status == "APPROVED", "the simulator's signed message_template_status_update webhook was applied")
            let synced = try await server.request(.POST, "/api/v1/templates/sync", token: admin.accessToken)
            #expect(synced.json["synced"] as? Int == 1)
            #expect((try await server.request(.GET, "/api/v1/templates", token: admin.accessToken).json["data"] as? [Any])?.count == 1)
        }
    }

    @Test func templatesBreakingMetasRulesAreRefusedWithTheirFields() async throws {
        try await TestServer.with { server in
            let admin = try await TestTenant.signUp(on: server)
            let number = try await server.request(.POST, "/api/v1/whatsapp/numbers/sandbox", token: admin.accessToken).json["id"] as? String ?? ""
            var bad = Self.welcome(number: number, name: "Soldes Été")
            bad["components"] = [["type": "BODY", "text": "{{1}} {{3}}"], ["type": "FOOTER", "text": "Merci {{1}}"]]
            let response = try await server.request(.POST, "/api/v1/templates", json: bad, token: admin.accessToken)
            #expect(response.status == 422)
            let codes = Set((response.json["errors"] as? [[String: Any]] ?? []).compactMap { $0["code"] as? String })
            #expect(codes.isSuperset(of: ["error.template.name", "error.template.variable_at_edge", "error.template.variable_sequence", "error.template.footer_variables"]))
            #expect((try await server.request(.GET, "/api/v1/templates", token: admin.accessToken).json["data"] as? [Any])?.isEmpty == true)
            let operatorMember = try await admin.addMember(on: server, role: "operator")
            #expect(try await server.request(.POST, "/api/v1/templates", json: Self.welcome(number: number), token: operatorMember.token).status == 403)
            #expect(try await server.request(.GET, "/api/v1/templates", token: operatorMember.token).status == 200)
        }
    }
}
