import WhatsAppTestSupport
import AsyncHTTPClient
import Crypto
import Foundation
import NIOCore
import NIOHTTP1
import Testing
import WhatsAppCloud
import WhatsAppSimulator

/// Section 8 items 1, 3, 10, 13, 19 and 20 of the reference: onboarding OAuth, a test number's allow-list, user
/// preferences, quality and tier webhooks, a WABA's callback override, and inbound injection.
@Suite struct OnboardingAndInjectionTests: ScenarioSuite {
    // Item 1: the code exchange and debug_token, with the app's credentials checked.
    @Test func signupCodeIsExchangedOnceAndDebugTokenNamesTheWABA() async throws {
        try await withSimulator({ $0.appSecret = Self.secret }) { simulator in
            let number = try await simulator.control.createNumber()
            let client = client(simulator)
            let appID = SimulatorConfiguration().appID
            let code = try await simulator.control.signupCode(phoneNumberID: number.phoneNumberID)
            #expect(try await client.exchangeSignupCode(code, appID: appID, appSecret: Self.secret) == number.accessToken)
            await #expect(throws: WhatsAppError.self) { _ = try await client.exchangeSignupCode(code, appID: appID, appSecret: Self.secret) }
            do {
                _ = try await client.exchangeSignupCode(try await simulator.control.signupCode(phoneNumberID: number.phoneNumberID), appID: appID, appSecret: "wrong")
                Issue.record("a wrong app secret was accepted")
            } catch let error as WhatsAppError {
                #expect(error.code == 1)
            }
            let inspection = try await client.inspectToken(number.accessToken, appID: appID, appSecret: Self.secret)
            #expect(inspection == TokenInspection(isValid: true, scopes: ["whatsapp_business_management", "whatsapp_business_messaging"], wabaIDs: [number.wabaID]))
            #expect(try await client.inspectToken("EAAnothing", appID: appID, appSecret: Self.secret).isValid == false)
        }
    }

    // Items 10 and 20: a `user_preferences` stop fails marketing with 131050 until the user resumes.
    @Test func userPreferencesStopBlocksMarketingUntilResumed() async throws {
        try await withReceiver { simulator, inbox in
            let number = try await simulator.control.createNumber()
            try await approveTemplate(simulator, number)
            try await simulator.control.userPreferences(phoneNumberID: number.phoneNumberID, waID: "+1 555 123 4567", stop: true)
            let stopped = try await client(simulator).send(marketing("15551234567"), phoneNumberID: number.phoneNumberID, accessToken: number.accessToken)
            var received = try await inbox.wait { statuses($0).contains { $0.id == stopped.messageID } && !values($0, field: "user_preferences").isEmpty }
            #expect(statuses(received).first { $0.id == stopped.messageID }?.errors.first?.code == 131050)
            let preference = try #require(values(received, field: "user_preferences").first)
            let sample = #"""
                {"messaging_product":"whatsapp","metadata":{"display_phone_number":"15550783881","phone_number_id":"106540352242922"},
                 "contacts":[{"profile":{"name":"Ana Lima"},"wa_id":"15551234567","user_id":"US.1"}],
                 "user_preferences":[{"wa_id":"15551234567","user_id":"US.1","detail":"User requested to stop marketing messages",
                   "category":"marketing_messages","value":"stop","timestamp":1739321024}]}
                """#
            // The reference's sample plus `user_id`, which the current era adds wherever a wa_id is.
            #expect(keyPaths(preference) == (try keyPaths(sample)))
            let item = try #require((preference["user_preferences"] as? [[String: Any]])?.first)
            #expect(item["timestamp"] is Int && item["value"] as? String == "stop" && item["wa_id"] as? String == "15551234567")

            try await simulator.control.userPreferences(phoneNumberID: number.phoneNumberID, waID: "15551234567", stop: false)
            let resumed = try await client(simulator).send(marketing("15551234567"), phoneNumberID: number.phoneNumberID, accessToken: number.accessToken)
            received = try await inbox.wait { statuses($0).contains { $0.id == resumed.messageID && $0.kind == .read } }
            #expect(statuses(received).filter { $0.id == resumed.messageID }.allSatisfy { $0.kind != .failed })
            #expect(values(received, field: "user_preferences").compactMap { ($0["user_preferences"] as? [[String: Any]])?.first?["value"] as? String } == ["stop", "resume"])
        }
    }

    // Item 20: interactive replies, reactions and media, whose id downloads the bytes the webhook's sha256 names.
    @Test func interactiveReactionAndMediaInboundDecodeAndMediaDownloads() async throws {
        try await withReceiver { simulator, inbox in
            let number = try await simulator.control.createNumber()
            let base: [String: any Sendable] = ["phone_number_id": number.phoneNumberID, "from": "15551234567", "context_message_id": "wamid.OURS"]
            try await simulator.control.inbound(base.merging(["interactive": ["type": "button_reply", "id": "slot_mon", "title": "Monday"]]) { $1 })
            try await simulator.control.inbound(base.merging(["interactive": ["type": "list_reply", "id": "st_1", "title": "Main St", "description": "Open 9-18"]]) { $1 })
            try await simulator.control.inbound(base.merging(["reaction": ["message_id": "wamid.OURS", "emoji": "👍"]]) { $1 })
            try await simulator.control.inbound(base.merging(["media": ["type": "image", "caption": "my receipt"]]) { $1 })
            let received = try await inbox.wait { bodies in
                bodies.compactMap { try? JSONDecoder().decode(WebhookEnvelope.self, from: $0.body) }.flatMap(\.messages).count == 4
            }
            let messages = received.compactMap { try? JSONDecoder().decode(WebhookEnvelope.self, from: $0.body) }.flatMap(\.messages)
            var media: InboundMedia?
            for message in messages {
                #expect(message.context?.id == "wamid.OURS")
                switch message.content {
                case .buttonReply(let id, let title): #expect(id == "slot_mon" && title == "Monday")
                case .listReply(let id, let title, let description): #expect(id == "st_1" && title == "Main St" && description == "Open 9-18")
                case .reaction(let id, let emoji): #expect(id == "wamid.OURS" && emoji == "👍")
                case .media(let kind, let object):
                    #expect(kind == "image" && object.caption == "my receipt" && object.mimeType == "image/jpeg")
                    media = object
                default: Issue.record("unexpected inbound content \(message.content)")
                }
            }
            let object = try #require(media)
            // GET /{media-id} → a URL that serves the bytes with the business token.
            var lookup = HTTPClientRequest(url: "\(simulator.baseURL)/v23.0/\(object.id)")
            lookup.headers.add(name: "Authorization", value: "Bearer \(number.accessToken)")
            let meta = try JSONSerialization.jsonObject(
                with: Data((try await HTTPClient.shared.execute(lookup, timeout: .seconds(5)).body.collect(upTo: 1 << 16)).readableBytesView)) as? [String: Any]
            let url = try #require(meta?["url"] as? String)
            #expect(meta?["sha256"] as? String == object.sha256)
            var download = HTTPClientRequest(url: url)
            let anonymous = try await HTTPClient.shared.execute(download, timeout: .seconds(5))
            #expect(anonymous.status.code == 401)
            download.headers.add(name: "Authorization", value: "Bearer \(number.accessToken)")
            let bytes = Data((try await HTTPClient.shared.execute(download, timeout: .seconds(5)).body.collect(upTo: 1 << 20)).readableBytesView)
            #expect(!bytes.isEmpty)
            #expect(SHA256.hash(data: bytes).map { String(format: "%02x", $0) }.joined() == object.sha256)
        }
    }

    // Item 13: tier and quality changes are announced as Meta does, and GET shows them.
    @Test func tierQualityAndThroughputChangesAreAnnounced() async throws {
        try await withReceiver { simulator, inbox in
            let number = try await simulator.control.createNumber(["tier": 1000])
            try await simulator.control.patchNumber(number.phoneNumberID, ["tier": 10000])
            try await simulator.control.patchNumber(number.phoneNumberID, ["quality_rating": "RED"])
            try await simulator.control.patchNumber(number.phoneNumberID, ["throughput": 1000])
            let received = try await inbox.wait { values($0, field: "phone_number_quality_update").count >= 3 && !values($0, field: "business_capability_update").isEmpty }
            let updates = values(received, field: "phone_number_quality_update")
            // Meta does not order webhooks, and the simulator posts several at once: compare as sets.
            #expect(Set(updates.compactMap { $0["event"] as? String }) == ["UPGRADE", "FLAGGED", "THROUGHPUT_UPGRADE"])
            #expect(updates.first { $0["event"] as? String == "UPGRADE" }?["max_daily_conversations_per_business"] as? String == "TIER_10K")
            #expect(updates.allSatisfy { $0["display_phone_number"] as? String == number.displayPhoneNumber && $0["metadata"] == nil })
            #expect(values(received, field: "business_capability_update").first?["max_daily_conversations_per_business"] as? Int == 10000)
            let envelopes = received.compactMap { try? JSONDecoder().decode(WebhookEnvelope.self, from: $0.body) }
            #expect(envelopes.filter { $0.entry.contains { $0.changes.contains { $0.field != "messages" } } }.allSatisfy { $0.entry.first?.time != nil })
            let details = try await client(simulator).phoneNumber(id: number.phoneNumberID, accessToken: number.accessToken)
            #expect(details.qualityRating == "RED" && details.messagingLimitTier == "TIER_10K" && details.throughput?.level == "HIGH")
        }
    }

    // Item 19: a WABA's callback override must pass Meta's handshake, then receives that WABA's webhooks alone.
    @Test func aWABACallbackOverrideIsVerifiedThenReceivesItsWebhooks() async throws {
        let own = WebhookInbox()
        let router = own.router()
        router.get("webhook") { request, _ -> String in
            request.uri.queryParameters.get("hub.verify_token") == "override-token" ? request.uri.queryParameters.get("hub.challenge") ?? "" : "no"
        }
        try await withServer(router) { ownPort in
            try await withReceiver { simulator, appInbox in
                let moved = try await simulator.control.createNumber(), stays = try await simulator.control.createNumber()
                func subscribe(_ body: String) async throws -> (Int, String) {
                    var request = HTTPClientRequest(url: "\(simulator.baseURL)/v23.0/\(moved.wabaID)/subscribed_apps")
                    request.method = .POST
                    request.headers.add(name: "Authorization", value: "Bearer \(moved.accessToken)")
                    request.headers.add(name: "Content-Type", value: "application/json")
                    request.body = .bytes(ByteBuffer(string: body))
                    let response = try await HTTPClient.shared.execute(request, timeout: .seconds(10))
                    return (Int(response.status.code), String(buffer: try await response.body.collect(upTo: 1 << 16)))
                }
                let uri = "http://127.0.0.1:\(ownPort)/webhook"
                let refused = try await subscribe(#"{"override_callback_uri":"\#(uri)","verify_token":"wrong"}"#)
                #expect(refused.0 == 400 && refused.1.contains(#""code":2200"#))
                #expect(try await subscribe(#"{"override_callback_uri":"\#(uri)","verify_token":"override-token"}"#).0 == 200)
                try await simulator.control.inbound(phoneNumberID: moved.phoneNumberID, from: "15551234567", text: "to the override")
                try await simulator.control.inbound(phoneNumberID: stays.phoneNumberID, from: "15551234567", text: "to the app")
                let overridden = try await own.wait { $0.count >= 1 }
                let app = try await appInbox.wait { $0.count >= 1 }
                #expect(overridden.count == 1 && String(decoding: overridden[0].body, as: UTF8.self).contains("to the override"))
                #expect(app.count == 1 && String(decoding: app[0].body, as: UTF8.self).contains("to the app"))
                #expect(WebhookSignature(appSecret: Self.secret).isValid(overridden[0].signature, body: overridden[0].body))
            }
        }
    }

    // Item 3: a number in test mode may only message its allowed recipients (131030).
    @Test func aTestNumberOnlyMessagesItsAllowedRecipients() async throws {
        try await withSimulator { simulator in
            let number = try await simulator.control.createNumber(["allowed_recipients": ["+1 555 123 4567"]])
            let client = client(simulator)
            for user in ["15551234567", "15557654321"] {
                try await simulator.control.inbound(phoneNumberID: number.phoneNumberID, from: user, text: "hi")
            }
            _ = try await client.send(
                OutboundMessage(to: "15551234567", content: .text(body: "x")), phoneNumberID: number.phoneNumberID, accessToken: number.accessToken)
            do {
                _ = try await client.send(
                    OutboundMessage(to: "15557654321", content: .text(body: "x")), phoneNumberID: number.phoneNumberID, accessToken: number.accessToken)
                Issue.record("a recipient outside the allowed list was accepted")
            } catch let error as WhatsAppError {
                #expect(error.code == 131030 && error.disposition == .permanentForRecipient)
            }
            try await simulator.control.patchNumber(number.phoneNumberID, ["allowed_recipients": NSNull()])
            _ = try await client.send(
                OutboundMessage(to: "15557654321", content: .text(body: "x")), phoneNumberID: number.phoneNumberID, accessToken: number.accessToken)
        }
    }
}
