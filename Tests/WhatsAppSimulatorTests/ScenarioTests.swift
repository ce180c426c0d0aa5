import WhatsAppTestSupport
import AsyncHTTPClient
import Crypto
import Foundation
import NIOCore
import NIOHTTP1
import Testing
import WhatsAppCloud
import WhatsAppSimulator

/// Section 8 items 1, 10, 11, 13, 14, 15, 20 and 22 of the reference: onboarding OAuth, user preferences, quality,
/// tier and account webhooks, Graph rate limits, template pacing, inbound injection and the controllable clock.
@Suite struct ScenarioTests {
    static let secret = "scenario-app-secret"

    func client(_ simulator: RunningSimulator) -> WhatsAppClient {
        WhatsAppClient(httpClient: .shared, baseURL: simulator.baseURL, timeout: .seconds(5))
    }

    func withReceiver(
        configure: @escaping (inout SimulatorConfiguration) -> Void = { _ in }, _ body: (RunningSimulator, WebhookInbox) async throws -> Void
    ) async throws {
        let inbox = WebhookInbox()
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

    // Items 15 and 20: an account ban locks sending (131031), a restriction stops templates only (368).
    @Test func accountBansAndRestrictionsAreAnnouncedAndEnforced() async throws {
        try await withReceiver { simulator, inbox in
            let number = try await simulator.control.createNumber()
            try await approveTemplate(simulator, number)
            let client = client(simulator)
            func code(_ message: OutboundMessage) async -> Int? {
                do {
                    _ = try await client.send(message, phoneNumberID: number.phoneNumberID, accessToken: number.accessToken)
                    return nil
                } catch {
                    #expect(error.disposition == .accountProblem)
                    return error.code
                }
            }
            try await simulator.control.accountUpdate(wabaID: number.wabaID, ["event": "DISABLED_UPDATE", "ban_state": "DISABLE"])
            #expect(await code(marketing("15551234567")) == 131031)
            try await simulator.control.accountUpdate(wabaID: number.wabaID, ["event": "DISABLED_UPDATE", "ban_state": "REINSTATE"])
            #expect(await code(marketing("15551234567")) == nil)
            try await simulator.control.accountUpdate(
                wabaID: number.wabaID, ["event": "ACCOUNT_RESTRICTION", "restriction_type": "RESTRICTED_BIZ_INITIATED_MESSAGING"])
            #expect(await code(marketing("15551234567")) == 368)
            try await simulator.control.inbound(phoneNumberID: number.phoneNumberID, from: "15551234567", text: "hi")
            #expect(await code(OutboundMessage(to: "15551234567", content: .text(body: "a reply in the window"))) == nil)
            let received = try await inbox.wait { values($0, field: "account_update").count >= 3 }
            let updates = values(received, field: "account_update")
            #expect(updates.compactMap { $0["event"] as? String }.sorted() == ["ACCOUNT_RESTRICTION", "DISABLED_UPDATE", "DISABLED_UPDATE"])
            let bans = updates.compactMap { ($0["ban_info"] as? [String: Any])?["waba_ban_state"] as? [String] }
            #expect(Set(bans) == [["DISABLE"], ["REINSTATE"]])
            let restriction = updates.first { $0["event"] as? String == "ACCOUNT_RESTRICTION" }
            #expect(((restriction?["restriction_info"] as? [[String: Any]])?.first)?["restriction_type"] as? String == "RESTRICTED_BIZ_INITIATED_MESSAGING")
        }
    }

    // Item 15: pacing holds sends after the first ones; a bad verdict pauses the template (3 h, then 6 h, then
    // disabled) and fails the held sends with 132015; a good one releases them. The clock jumps over the pauses.
    @Test func templatePacingHoldsThenPausesAlongTheLadderOrReleases() async throws {
        try await withReceiver { simulator, inbox in
            let number = try await simulator.control.createNumber()
            try await approveTemplate(simulator, number)
            let client = client(simulator)
            func send(_ to: String) async throws -> SendReceipt {
                try await client.send(marketing(to), phoneNumberID: number.phoneNumberID, accessToken: number.accessToken)
            }
            func templateEvents(_ received: [WebhookInbox.Received]) -> [String] {
                values(received, field: "message_template_status_update").compactMap { $0["event"] as? String }
            }
            try await simulator.control.pace(wabaID: number.wabaID, name: "promo", language: "en", releaseFirst: 1, pause: true, decideAfterMilliseconds: 1500)
            let free = try await send("15551110001")
            let held = [try await send("15551110002"), try await send("15551110003")]
            #expect(free.messageStatus == "accepted")
            #expect(held.allSatisfy { $0.messageStatus == "held_for_quality_assessment" })
            // Held until the verdict, 1.5 s after the first held send.
            #expect(try await simulator.control.messageState(held[0].messageID).held)
            var received = try await inbox.wait { templateEvents($0).contains("PAUSED") && statuses($0).filter { $0.errors.first?.code == 132015 }.count == 2 }
            #expect(Set(statuses(received).filter { $0.errors.first?.code == 132015 }.map(\.id)) == Set(held.map(\.messageID)))
            #expect(statuses(received).contains { $0.id == free.messageID && $0.kind == .read })
            let pause = try #require(values(received, field: "message_template_status_update").first { $0["event"] as? String == "PAUSED" })
            #expect((pause["other_info"] as? [String: Any])?["title"] as? String == "FIRST_PAUSE")
            // Paused: sends are refused at once.
            do {
                _ = try await send("15551110004")
                Issue.record("a paused template was accepted")
            } catch let error as WhatsAppError {
                #expect(error.code == 132015 && error.disposition == .templateProblem)
            }
            // Three hours later the first pause ends; the second lasts six; the third disables the template.
            try await simulator.control.advanceClock(seconds: 3 * 3600 + 1)
            received = try await inbox.wait { templateEvents($0).filter { $0 == "APPROVED" }.count >= 2 }
            try await simulator.control.pace(wabaID: number.wabaID, name: "promo", language: "en", releaseFirst: 0, pause: true, decideAfterMilliseconds: 50)
            _ = try await send("15551110005")
            received = try await inbox.wait { templateEvents($0).filter { $0 == "PAUSED" }.count >= 2 }
            try await simulator.control.advanceClock(seconds: 3 * 3600 + 1)
            try await Task.sleep(for: .milliseconds(200))
            #expect(templateEvents(inbox.received).filter { $0 == "APPROVED" }.count == 2)
            try await simulator.control.advanceClock(seconds: 3 * 3600)
            received = try await inbox.wait { templateEvents($0).filter { $0 == "APPROVED" }.count >= 3 }
            let second = values(received, field: "message_template_status_update").filter { $0["event"] as? String == "PAUSED" }.last
            #expect((second?["other_info"] as? [String: Any])?["title"] as? String == "SECOND_PAUSE")
            try await simulator.control.pace(wabaID: number.wabaID, name: "promo", language: "en", releaseFirst: 0, pause: true, decideAfterMilliseconds: 50)
            _ = try await send("15551110006")
            received = try await inbox.wait { templateEvents($0).contains("DISABLED") }
            #expect(templateEvents(received) == ["APPROVED", "PAUSED", "APPROVED", "PAUSED", "APPROVED", "DISABLED"])

            // A good verdict on another template releases what was held.
            try await approveTemplate(simulator, number, name: "kind")
            try await simulator.control.pace(wabaID: number.wabaID, name: "kind", language: "en", releaseFirst: 0, pause: false, decideAfterMilliseconds: 200)
            let kept = try await client.send(marketing("15551110007", name: "kind"), phoneNumberID: number.phoneNumberID, accessToken: number.accessToken)
            #expect(kept.messageStatus == "held_for_quality_assessment")
            received = try await inbox.wait { statuses($0).contains { $0.id == kept.messageID && $0.kind == .read } }
            #expect(statuses(received).filter { $0.id == kept.messageID }.allSatisfy { $0.kind != .failed })
            #expect(try await simulator.control.messageState(kept.messageID).statuses == ["sent", "delivered", "read"])
        }
    }

    // Item 14: management calls are budgeted per WABA per rolling hour (80007) with Meta's usage header; sends are not.
    @Test func managementCallsAreBudgetedPerHourWithUsageHeaders() async throws {
        try await withSimulator { simulator in
            let number = try await simulator.control.createNumber(["management_calls_per_hour": 2])
            func list() async throws -> (Int, String?, String) {
                var request = HTTPClientRequest(url: "\(simulator.baseURL)/v23.0/\(number.wabaID)/message_templates")
                request.headers.add(name: "Authorization", value: "Bearer \(number.accessToken)")
                let response = try await HTTPClient.shared.execute(request, timeout: .seconds(5))
                let body = String(buffer: try await response.body.collect(upTo: 1 << 20))
                return (Int(response.status.code), response.headers.first(name: "X-Business-Use-Case-Usage"), body)
            }
            let first = try await list(), second = try await list(), third = try await list()
            #expect(first.0 == 200 && second.0 == 200)
            let usage = try #require(second.1)
            let parsed = try JSONSerialization.jsonObject(with: Data(usage.utf8)) as? [String: [[String: Any]]]
            #expect(parsed?[number.wabaID]?.first?["call_count"] as? Int == 100)
            #expect(parsed?[number.wabaID]?.first?["type"] as? String == "whatsapp_business_management")
            #expect(third.0 == 400 && third.2.contains(#""code":80007"#))
            do {
                _ = try await client(simulator).templates(wabaID: number.wabaID, accessToken: number.accessToken)
                Issue.record("the budget was not enforced")
            } catch let error as WhatsAppError {
                #expect(error.code == 80007 && error.disposition == .throttled)
            }
            // Messaging is not management: a send still goes through.
            try await simulator.control.inbound(phoneNumberID: number.phoneNumberID, from: "15551234567", text: "hi")
            _ = try await client(simulator).send(
                OutboundMessage(to: "15551234567", content: .text(body: "x")), phoneNumberID: number.phoneNumberID, accessToken: number.accessToken)
            // An hour later the budget is back.
            try await simulator.control.advanceClock(seconds: 3601)
            #expect(try await list().0 == 200)
        }
    }

    // Item 11: a throughput refusal can also arrive as a `value.errors` webhook.
    @Test func throughputRefusalIsAlsoReportedByWebhookOnRequest() async throws {
        try await withReceiver { simulator, inbox in
            let number = try await simulator.control.createNumber(["throughput": 1, "throughput_error_webhook": true])
            try await simulator.control.inbound(phoneNumberID: number.phoneNumberID, from: "15551234567", text: "hi")
            let client = client(simulator)
            var refused = 0
            for _ in 0..<3 {
                do {
                    _ = try await client.send(
                        OutboundMessage(to: "15551234567", content: .text(body: "x")), phoneNumberID: number.phoneNumberID, accessToken: number.accessToken)
                } catch let error as WhatsAppError {
                    #expect(error.code == 130429)
                    refused += 1
                }
            }
            #expect(refused >= 1)
            let received = try await inbox.wait { bodies in
                bodies.compactMap { try? JSONDecoder().decode(WebhookEnvelope.self, from: $0.body) }.flatMap { $0.entry.flatMap(\.changes) }
                    .compactMap(\.messagesValue).flatMap(\.errors).count >= refused
            }
            let errors = received.compactMap { try? JSONDecoder().decode(WebhookEnvelope.self, from: $0.body) }.flatMap { $0.entry.flatMap(\.changes) }
                .compactMap(\.messagesValue).flatMap(\.errors)
            #expect(errors.count == refused && errors.allSatisfy { $0.code == 130429 })
        }
    }

    // Item 22: the clock closes a customer-service window without waiting a day; the inspection API follows a message.
    @Test func clockClosesTheWindowAndInspectionFollowsAMessage() async throws {
        try await withReceiver { simulator, inbox in
            let number = try await simulator.control.createNumber()
            try await simulator.control.inbound(phoneNumberID: number.phoneNumberID, from: "15551234567", text: "hi")
            let client = client(simulator)
            let inside = try await client.send(
                OutboundMessage(to: "15551234567", content: .text(body: "in the window")), phoneNumberID: number.phoneNumberID, accessToken: number.accessToken)
            _ = try await inbox.wait { statuses($0).contains { $0.id == inside.messageID && $0.kind == .read } }
            let state = try await simulator.control.messageState(inside.messageID)
            #expect(state.statuses == ["sent", "delivered", "read"] && !state.held && state.message.text == "in the window")
            try await simulator.control.advanceClock(seconds: 86_401)
            let outside = try await client.send(
                OutboundMessage(to: "15551234567", content: .text(body: "a day later")), phoneNumberID: number.phoneNumberID, accessToken: number.accessToken)
            let received = try await inbox.wait { statuses($0).contains { $0.id == outside.messageID } }
            let failed = try #require(statuses(received).first { $0.id == outside.messageID })
            #expect(failed.kind == .failed && failed.errors.first?.code == 131047)
            // Webhook timestamps follow the simulator's clock.
            #expect((Int(failed.timestamp ?? "") ?? 0) >= Int(Date().timeIntervalSince1970) + 86_400)
            await #expect(throws: SimulatorControlClient.Failure.self) { _ = try await simulator.control.messageState("wamid.unknown") }
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
