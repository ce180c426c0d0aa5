import WhatsAppTestSupport
import AsyncHTTPClient
import Crypto
import Foundation
import NIOCore
import NIOHTTP1
import Testing
import WhatsAppCloud
import WhatsAppSimulator

/// What the webhook suites share: a receiver behind a simulator, and readers of what it received.
protocol ScenarioSuite {
    /// The app secret the simulator signs with.
    static var secret: String { get }
}

extension ScenarioSuite {
    static var secret: String { "scenario-app-secret" }

    func client(_ simulator: RunningSimulator) -> WhatsAppClient {
        WhatsAppClient(httpClient: .shared, baseURL: simulator.baseURL, timeout: .seconds(5))
    }

    /// Runs a receiver answering `script` (then 200), and a simulator posting to it.
    func withReceiver(
        answering script: [Int] = [], configure: @escaping (inout SimulatorConfiguration) -> Void = { _ in },
        _ body: (RunningSimulator, WebhookInbox) async throws -> Void
    ) async throws {
        let inbox = WebhookInbox(answering: script)
        try await withServer(inbox.router()) { port in
            try await withSimulator({ configuration in
                configuration.webhookURL = "http://127.0.0.1:\(port)/webhook"
                configuration.appSecret = Self.secret
                configure(&configuration)
            }) { simulator in try await body(simulator, inbox) }
        }
    }

    /// The `value` objects of every received change of `field`, as JSON objects.
    func values(_ received: [WebhookInbox.Received], field: String) -> [[String: Any]] {
        received.flatMap { item -> [[String: Any]] in
            guard let object = try? JSONSerialization.jsonObject(with: item.body) as? [String: Any],
                let entries = object["entry"] as? [[String: Any]]
            else { return [] }
            return entries.flatMap { entry in
                ((entry["changes"] as? [[String: Any]]) ?? []).filter { $0["field"] as? String == field }.compactMap { $0["value"] as? [String: Any] }
            }
        }
    }

    func statuses(_ received: [WebhookInbox.Received]) -> [WebhookStatus] {
        received.compactMap { try? JSONDecoder().decode(WebhookEnvelope.self, from: $0.body) }.flatMap(\.statuses)
    }

    func marketing(_ to: String, name: String = "promo") -> OutboundMessage {
        OutboundMessage(to: to, content: .template(TemplateMessage(name: name, languageCode: "en")))
    }

    func approveTemplate(_ simulator: RunningSimulator, _ number: SimulatorControlClient.Number, name: String = "promo") async throws {
        let client = client(simulator)
        _ = try await client.createTemplate(
            wabaID: number.wabaID,
            MessageTemplate(name: name, language: "en", category: "MARKETING", components: [.object(["type": .string("BODY"), "text": .string("Sale on")])]),
            accessToken: number.accessToken)
        for _ in 0..<100 {
            if try await client.templates(wabaID: number.wabaID, accessToken: number.accessToken).templates.contains(where: { $0.name == name && $0.status == "APPROVED" }) {
                return
            }
            try await Task.sleep(for: .milliseconds(20))
        }
        Issue.record("template \(name) not approved")
    }
}
