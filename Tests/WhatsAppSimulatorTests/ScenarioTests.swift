import WhatsAppTestSupport
import AsyncHTTPClient
import Crypto
import Foundation
import NIOCore
import NIOHTTP1
import Testing
import WhatsAppCloud
import WhatsAppSimulator

/// Section 8 items 11, 14, 15 and 22 of the reference: throughput errors by webhook, Graph rate limits, account
/// scenarios and template pacing, and the controllable clock with per-message inspection.
@Suite struct ScenarioTests: ScenarioSuite {
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

    // Item 14, app-wide: one budget for every WABA of the app (code 4), reported in `X-App-Usage`.
    @Test func theAppWideBudgetSpansEveryWABA() async throws {
        try await withSimulator({ $0.appCallsPerHour = 1 }) { simulator in
            let first = try await simulator.control.createNumber(), second = try await simulator.control.createNumber()
            func read(_ number: SimulatorControlClient.Number) async throws -> (Int, String?, String) {
                var request = HTTPClientRequest(url: "\(simulator.baseURL)/v23.0/\(number.phoneNumberID)")
                request.headers.add(name: "Authorization", value: "Bearer \(number.accessToken)")
                let response = try await HTTPClient.shared.execute(request, timeout: .seconds(5))
                return (Int(response.status.code), response.headers.first(name: "X-App-Usage"), String(buffer: try await response.body.collect(upTo: 1 << 16)))
            }
            let allowed = try await read(first)
            #expect(allowed.0 == 200 && allowed.1?.contains(#""call_count":100"#) == true, "\(allowed)")
            let refused = try await read(second)
            #expect(refused.0 == 400 && refused.2.contains(#""code":4"#), "\(refused)")
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
}
