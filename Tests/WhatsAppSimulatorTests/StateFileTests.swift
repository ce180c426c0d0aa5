import WhatsAppTestSupport
import AsyncHTTPClient
import Foundation
import Testing
import WhatsAppCloud
import WhatsAppSimulator

/// Sandbox mode restarts with the simulator: numbers and templates must still be there afterwards.
@Suite struct StateFileTests {
    @Test func numbersAndTemplatesSurviveARestart() async throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("sim-state-\(UUID().uuidString).json").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        let template = MessageTemplate(
            name: "kept_template", language: "fr", category: "MARKETING",
            components: [.object(["type": .string("BODY"), "text": .string("Bonjour {{1}}, votre commande est prête au magasin.")])])
        let number = try await withSimulator({ $0.stateFile = path; $0.templateApprovalDelay = .milliseconds(10) }) { simulator in
            let number = try await simulator.control.createNumber(["throughput": 12])
            let client = WhatsAppClient(httpClient: .shared, baseURL: simulator.baseURL, timeout: .seconds(5))
            _ = try await client.createTemplate(wabaID: number.wabaID, template, accessToken: number.accessToken)
            try await Task.sleep(for: .milliseconds(1500))
            return number
        }
        #expect(FileManager.default.fileExists(atPath: path))
        try await withSimulator({ $0.stateFile = path }) { simulator in
            let client = WhatsAppClient(httpClient: .shared, baseURL: simulator.baseURL, timeout: .seconds(5))
            let details = try await client.phoneNumber(id: number.phoneNumberID, accessToken: number.accessToken)
            #expect(details.id == number.phoneNumberID)
            let templates = try await client.allTemplates(wabaID: number.wabaID, accessToken: number.accessToken)
            #expect(templates.map(\.name) == ["kept_template"])
            #expect(templates.first?.status == "APPROVED")
            let receipt = try await client.send(
                OutboundMessage(to: "33612345678", content: .template(TemplateMessage(name: "kept_template", languageCode: "fr", components: [
                    .body([.text("Ana")])
                ]))), phoneNumberID: number.phoneNumberID, accessToken: number.accessToken)
            #expect(receipt.messageID.hasPrefix("wamid."))
        }
    }
}
