import WhatsAppTestSupport
import AsyncHTTPClient
import Foundation
import Hummingbird
import Synchronization
import Testing
import WhatsAppCloud
import WhatsAppSimulator

/// Handshake, wrong signatures, duplicates and out-of-order delivery (reference section 8, items 6, 16, 17).
@Suite struct WebhookOptionsTests {
    func statuses(_ received: [WebhookInbox.Received]) -> [WebhookStatus] {
        received.compactMap { try? JSONDecoder().decode(WebhookEnvelope.self, from: $0.body) }.flatMap(\.statuses)
    }

    @Test func webhooksWaitForTheVerificationHandshake() async throws {
        let inbox = WebhookInbox()
        let router = inbox.router()
        let handshakes = Mutex(0)
        router.get("webhook") { request, _ -> Response in
            let query = request.uri.queryParameters
            handshakes.withLock { $0 += 1 }
            guard query.get("hub.mode") == "subscribe", query.get("hub.verify_token") == "vt", let challenge = query.get("hub.challenge") else {
                return Response(status: .forbidden)
            }
            return Response(status: .ok, body: .init(byteBuffer: .init(string: challenge)))
        }
        try await withServer(router) { port in
            try await withSimulator({
                $0.webhookURL = "http://127.0.0.1:\(port)/webhook"
                $0.webhookVerifyToken = "vt"
            }) { simulator in
                let number = try await simulator.control.createNumber()
                try await simulator.control.inbound(phoneNumberID: number.phoneNumberID, from: "15551234567", text: "hi")
                let received = try await inbox.wait { !$0.isEmpty }
                #expect(received.count == 1)
                #expect(handshakes.withLock { $0 } == 1)
            }
        }
    }

    @Test func wrongSignatureOptionProducesInvalidSignatures() async throws {
        let inbox = WebhookInbox()
        try await withServer(inbox.router()) { port in
            try await withSimulator({
                $0.webhookURL = "http://127.0.0.1:\(port)/webhook"
                $0.appSecret = "s"
                $0.signWebhooksWrongly = true
            }) { simulator in
                let number = try await simulator.control.createNumber()
                try await simulator.control.inbound(phoneNumberID: number.phoneNumberID, from: "15551234567", text: "hi")
                let received = try await inbox.wait { !$0.isEmpty }
                let item = try #require(received.first)
                #expect(!WebhookSignature(appSecret: "s").isValid(item.signature, body: item.body))
                #expect(item.signature?.hasPrefix("sha256=") == true)
            }
        }
    }

    @Test func duplicatesAndReadBeforeDeliveredOnDemand() async throws {
        let inbox = WebhookInbox()
        try await withServer(inbox.router()) { port in
            try await withSimulator({
                $0.webhookURL = "http://127.0.0.1:\(port)/webhook"
                $0.duplicateWebhookRate = 1
                $0.outOfOrderRate = 1
                $0.webhookBatchSize = 1
                $0.statusProgression = StatusProgression(
                    // Read is then due half-way to delivered, 500 ms before it: separate POSTs, so a gap of 100 ms was
                    // sometimes overtaken on a loaded machine.
                    sentDelay: .milliseconds(10)...(.milliseconds(10)), deliveredDelay: .seconds(1)...(.seconds(1)),
                    readDelay: .milliseconds(10)...(.milliseconds(10)), deliveredProbability: 1, readProbability: 1)
            }) { simulator in
                let number = try await simulator.control.createNumber()
                try await simulator.control.inbound(phoneNumberID: number.phoneNumberID, from: "15551234567", text: "hi")
                let client = WhatsAppClient(httpClient: .shared, baseURL: simulator.baseURL)
                let receipt = try await client.send(
                    OutboundMessage(to: "15551234567", content: .text(body: "x")), phoneNumberID: number.phoneNumberID, accessToken: number.accessToken)
                let received = try await inbox.wait { statuses($0).filter { $0.id == receipt.messageID }.count >= 6 }
                let order = statuses(received).filter { $0.id == receipt.messageID }.map(\.status)
                #expect(order.count == 6)
                #expect(Set(order) == ["sent", "delivered", "read"])
                let firstRead = try #require(order.firstIndex(of: "read")), firstDelivered = try #require(order.firstIndex(of: "delivered"))
                #expect(firstRead < firstDelivered)
            }
        }
    }

    @Test func scriptedRecipientsFailOrStayUndelivered() async throws {
        let inbox = WebhookInbox()
        try await withServer(inbox.router()) { port in
            try await withSimulator({ $0.webhookURL = "http://127.0.0.1:\(port)/webhook" }) { simulator in
                let number = try await simulator.control.createNumber()
                try await simulator.control.scriptRecipient("15556660001", ["fail_code": 131050])
                try await simulator.control.scriptRecipient("+1 555 666 0002", ["deliver": false])
                let client = WhatsAppClient(httpClient: .shared, baseURL: simulator.baseURL)
                var ids: [String: String] = [:]
                for to in ["15556660001", "15556660002"] {
                    try await simulator.control.inbound(phoneNumberID: number.phoneNumberID, from: to, text: "hi")
                    ids[to] = try await client.send(
                        OutboundMessage(to: to, content: .text(body: "x"), bizOpaqueCallbackData: to), phoneNumberID: number.phoneNumberID,
                        accessToken: number.accessToken
                    ).messageID
                }
                _ = try await inbox.wait { bodies in Set(statuses(bodies).map(\.id)).count == 2 }
                // Leave time for any (wrong) delivered/read status to show up.
                try await Task.sleep(for: .milliseconds(100))
                let all = statuses(inbox.received)
                let optedOut = all.filter { $0.id == ids["15556660001"] }
                #expect(optedOut.map(\.status) == ["failed"])
                #expect(optedOut.first?.errors.first?.code == 131050)
                #expect(optedOut.first?.bizOpaqueCallbackData == "15556660001")
                #expect(all.filter { $0.id == ids["15556660002"] }.map(\.status) == ["sent"])
            }
        }
    }

    @Test func nonASCIIIsEscapedLikeMetaAndTheSignatureCoversTheRawBytes() async throws {
        let inbox = WebhookInbox()
        try await withServer(inbox.router()) { port in
            try await withSimulator({
                $0.webhookURL = "http://127.0.0.1:\(port)/webhook"
                $0.appSecret = "s"
            }) { simulator in
                let number = try await simulator.control.createNumber()
                try await simulator.control.inbound(phoneNumberID: number.phoneNumberID, from: "33612345678", text: "ARRÊT 👍")
                let item = try #require(try await inbox.wait { !$0.isEmpty }.first)
                let raw = String(decoding: item.body, as: UTF8.self)
                #expect(raw.contains(#"ARR\u00caT \ud83d\udc4d"#))
                #expect(item.body.allSatisfy { $0 < 0x80 })
                #expect(WebhookSignature(appSecret: "s").isValid(item.signature, body: item.body))
                let envelope = try JSONDecoder().decode(WebhookEnvelope.self, from: item.body)
                #expect(envelope.messages.first?.content == .text(body: "ARRÊT 👍"))
            }
        }
    }
}
