import WhatsAppTestSupport
import AsyncHTTPClient
import Foundation
#if canImport(Glibc)
import Glibc
#endif
import Hummingbird
import Testing
import WhatsAppCloud
import WhatsAppSimulator

/// The simulator's signed webhooks into a real Hummingbird receiver on 127.0.0.1.
@Suite struct WebhookDeliveryTests: ScenarioSuite {
    static let secret = "test-app-secret"

    func envelopes(_ received: [WebhookInbox.Received]) -> [WebhookEnvelope] {
        received.compactMap { try? JSONDecoder().decode(WebhookEnvelope.self, from: $0.body) }
    }

    @Test func statusesAreSignedProgressAndEchoCallbackData() async throws {
        try await withReceiver { simulator, inbox in
            let number = try await simulator.control.createNumber(["display_phone_number": "15550001000"])
            let receipt = try await client(simulator).send(
                OutboundMessage(to: "15551234567", content: .text(body: "hi"), bizOpaqueCallbackData: "tenant:7|attempt:42"),
                phoneNumberID: number.phoneNumberID, accessToken: number.accessToken)
            // Sent free-form outside a window fails 131047: open the window first for a full progression.
            _ = receipt
            try await simulator.control.inbound(phoneNumberID: number.phoneNumberID, from: "15551234568", text: "hello")
            let second = try await client(simulator).send(
                OutboundMessage(to: "15551234568", content: .text(body: "hi"), bizOpaqueCallbackData: "tenant:7|attempt:43"),
                phoneNumberID: number.phoneNumberID, accessToken: number.accessToken)
            let received = try await inbox.wait { bodies in
                statuses(bodies).filter { $0.id == second.messageID }.count >= 3 && statuses(bodies).contains { $0.id == receipt.messageID }
                    && !envelopes(bodies).flatMap(\.messages).isEmpty
            }
            let signer = WebhookSignature(appSecret: Self.secret)
            #expect(received.allSatisfy { signer.isValid($0.signature, body: $0.body) })
            let mine = statuses(received).filter { $0.id == second.messageID }
            #expect(Set(mine.map(\.status)) == ["sent", "delivered", "read"])
            #expect(mine.allSatisfy { $0.bizOpaqueCallbackData == "tenant:7|attempt:43" && $0.recipientID == "15551234568" })
            #expect(mine.allSatisfy { $0.recipientUserID?.hasPrefix("US.") == true })
            #expect(mine.first { $0.status == "sent" }?.pricing?.category == "service")
            let failed = statuses(received).filter { $0.id == receipt.messageID }
            #expect(failed.map(\.status) == ["failed"])
            #expect(failed.first?.errors.first?.code == 131047)
            #expect(failed.first?.bizOpaqueCallbackData == "tenant:7|attempt:42")
            let inbound = envelopes(received).flatMap(\.messages)
            #expect(inbound.map(\.content) == [.text(body: "hello")])
            #expect(envelopes(received).allSatisfy { $0.entry.first?.id == number.wabaID })
        }
    }

    @Test func failingReceiverGetsRetriedUntil200() async throws {
        try await withReceiver(answering: [500, 503]) { simulator, inbox in
            let number = try await simulator.control.createNumber()
            try await simulator.control.inbound(phoneNumberID: number.phoneNumberID, from: "15551230001", buttonPayload: "STOP_PROMO")
            let received = try await inbox.wait { !$0.isEmpty }
            #expect(inbox.calls == 3)
            let message = try #require(envelopes(received).flatMap(\.messages).first)
            #expect(message.content == .button(text: "STOP_PROMO", payload: "STOP_PROMO"))
            // The simulator logs an attempt after the receiver answered: poll until the third is there.
            var log = try await simulator.control.webhookLog()
            for _ in 0..<100 where log.count < 3 {
                try await Task.sleep(for: .milliseconds(10))
                log = try await simulator.control.webhookLog()
            }
            #expect(log.map(\.status) == [500, 503, 200])
            #expect(log.map(\.attempt) == [0, 1, 2])
        }
    }

    @Test func unreachableReceiverCatchesUpAfterRestart() async throws {
        // The simulator starts while nobody listens on the webhook port; a receiver started later still gets the event.
        let inbox = WebhookInbox()
        // A port outside Linux's ephemeral range (32768–60999): one the kernel handed out would soon be reused as the
        // source port of some outgoing connection of this busy test process, and the receiver could not bind it again.
        let port = try Self.portOutsideTheEphemeralRange()
        try await withSimulator({
            $0.webhookURL = "http://127.0.0.1:\(port)/webhook"
            $0.webhookRetryDelays = Array(repeating: .milliseconds(200), count: 30)
        }) { simulator in
            let number = try await simulator.control.createNumber()
            try await simulator.control.inbound(phoneNumberID: number.phoneNumberID, from: "15551230002", text: "late")
            try await Task.sleep(for: .milliseconds(500))
            let app = Application(router: inbox.router(), configuration: .init(address: .hostname("127.0.0.1", port: port)))
            try await withService(app) {
                let received = try await inbox.wait { !$0.isEmpty }
                #expect(envelopes(received).flatMap(\.messages).first?.content == .text(body: "late"))
            }
        }
    }

    @Test func undeliverableRecipientFailsWith131026AndClassicShapeHasNoUserIDs() async throws {
        try await withReceiver(configure: { $0.webhookShape = .classic }) { simulator, inbox in
            let number = try await simulator.control.createNumber()
            try await simulator.control.inbound(phoneNumberID: number.phoneNumberID, from: "15551239999", text: "x")
            let client = client(simulator)
            try await createApprovedTemplate(client, number)
            let bad = try await client.send(
                OutboundMessage(to: "15551230000", content: .template(TemplateMessage(name: "plain", languageCode: "en")), bizOpaqueCallbackData: "b"),
                phoneNumberID: number.phoneNumberID, accessToken: number.accessToken)
            let good = try await client.send(
                OutboundMessage(to: "15551239999", content: .template(TemplateMessage(name: "plain", languageCode: "en"))),
                phoneNumberID: number.phoneNumberID, accessToken: number.accessToken)
            // Each status is its own delivery, and like Meta the simulator does not promise their order: wait for "sent" as well as "read".
            let received = try await inbox.wait { statuses($0).contains { $0.id == bad.messageID } && statuses($0).contains { $0.id == good.messageID && $0.status == "read" } && statuses($0).contains { $0.id == good.messageID && $0.status == "sent" } }
            let failed = try #require(statuses(received).first { $0.id == bad.messageID })
            #expect(failed.status == "failed" && failed.errors.first?.code == 131026 && failed.pricing == nil)
            #expect(failed.bizOpaqueCallbackData == "b")
            #expect(statuses(received).allSatisfy { $0.recipientUserID == nil })
            let statusValues = envelopes(received).flatMap { $0.entry.flatMap(\.changes) }.compactMap(\.messagesValue).filter { !$0.statuses.isEmpty }
            #expect(statusValues.allSatisfy { $0.contacts.isEmpty })
            #expect(statuses(received).first { $0.id == good.messageID && $0.status == "sent" }?.pricing?.category == "marketing")
        }
    }

    @Test func templateSubmissionsAreApprovedOrRejectedByWebhook() async throws {
        try await withReceiver { simulator, inbox in
            let number = try await simulator.control.createNumber()
            let client = client(simulator)
            let bad = MessageTemplate(
                name: "Bad Name", language: "en", category: "MARKETING",
                components: [.object(["type": .string("BODY"), "text": .string("Hi {{1}} and {{3}} today")])])
            _ = try await client.createTemplate(wabaID: number.wabaID, bad, accessToken: number.accessToken)
            try await createApprovedTemplate(client, number)
            let received = try await inbox.wait { envelopes($0).count >= 2 }
            let updates = envelopes(received).flatMap { $0.entry.flatMap(\.changes) }.compactMap(\.templateStatus)
            #expect(Set(updates.map { "\($0.messageTemplateName ?? ""):\($0.event)" }) == ["Bad Name:REJECTED", "plain:APPROVED"])
            #expect(envelopes(received).allSatisfy { $0.entry.first?.time != nil })
        }
    }

    func createApprovedTemplate(_ client: WhatsAppClient, _ number: SimulatorControlClient.Number) async throws {
        let template = MessageTemplate(
            name: "plain", language: "en", category: "MARKETING",
            components: [.object(["type": .string("BODY"), "text": .string("Spring sale this week")])])
        _ = try await client.createTemplate(wabaID: number.wabaID, template, accessToken: number.accessToken)
        for _ in 0..<100 {
            if try await client.templates(wabaID: number.wabaID, accessToken: number.accessToken).templates.contains(where: { $0.name == "plain" && $0.status == "APPROVED" }) { return }
            try await Task.sleep(for: .milliseconds(20))
        }
        Issue.record("template not approved")
    }

    /// A free loopback port between 10000 and 19999 (the main test suites pick theirs from 20000 up).
    static func portOutsideTheEphemeralRange() throws -> Int {
        for _ in 0..<200 {
            let port = Int.random(in: 10_000...19_999)
            let socket = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
            defer { close(socket) }
            var address = sockaddr_in()
            address.sin_family = sa_family_t(AF_INET)
            address.sin_port = in_port_t(UInt16(port).bigEndian)
            address.sin_addr.s_addr = inet_addr("127.0.0.1")
            let bound = withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(socket, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
            }
            if bound == 0 { return port }
        }
        throw NoFreePort()
    }

    struct NoFreePort: Error {}
}
