import WhatsAppTestSupport
import AsyncHTTPClient
import Foundation
import Testing
import WhatsAppCloud
import WhatsAppSimulator

@Suite struct LimitsTests {
    func client(_ simulator: RunningSimulator) -> WhatsAppClient {
        WhatsAppClient(httpClient: .shared, baseURL: simulator.baseURL, timeout: .seconds(5))
    }

    func template(_ to: String) -> OutboundMessage {
        OutboundMessage(to: to, content: .template(TemplateMessage(name: "plain", languageCode: "en")))
    }

    func approve(_ client: WhatsAppClient, _ number: SimulatorControlClient.Number) async throws {
        _ = try await client.createTemplate(
            wabaID: number.wabaID,
            MessageTemplate(name: "plain", language: "en", category: "MARKETING", components: [.object(["type": .string("BODY"), "text": .string("Sale on")])]),
            accessToken: number.accessToken)
        try await Task.sleep(for: .milliseconds(300))
    }

    @Test func pairRateLimitAllowsABurstThenRefuses() async throws {
        try await withSimulator({
            $0.pairBurst = 3
            $0.pairInterval = .seconds(6)
        }) { simulator in
            let number = try await simulator.control.createNumber()
            let client = client(simulator)
            try await approve(client, number)
            var codes: [Int?] = []
            for _ in 0..<5 {
                do {
                    _ = try await client.send(template("15551110001"), phoneNumberID: number.phoneNumberID, accessToken: number.accessToken)
                    codes.append(nil)
                } catch let error as WhatsAppError {
                    codes.append(error.code)
                }
            }
            #expect(codes == [nil, nil, nil, 131056, 131056])
            // Other recipients are unaffected.
            _ = try await client.send(template("15551110002"), phoneNumberID: number.phoneNumberID, accessToken: number.accessToken)
        }
    }

    @Test func tierCapsUniqueRecipientsOutsideTheWindow() async throws {
        try await withSimulator { simulator in
            let number = try await simulator.control.createNumber(["tier": 2])
            let client = client(simulator)
            try await approve(client, number)
            for to in ["15552220001", "15552220002"] {
                _ = try await client.send(template(to), phoneNumberID: number.phoneNumberID, accessToken: number.accessToken)
            }
            do {
                _ = try await client.send(template("15552220003"), phoneNumberID: number.phoneNumberID, accessToken: number.accessToken)
                Issue.record("expected the tier cap")
            } catch let error as WhatsAppError {
                #expect(error.code == 131048)
                #expect(error.disposition == .messagingLimitReached)
            }
            // A user who wrote to us (open window) does not count against the tier.
            try await simulator.control.inbound(phoneNumberID: number.phoneNumberID, from: "15552220004", text: "hi")
            _ = try await client.send(template("15552220004"), phoneNumberID: number.phoneNumberID, accessToken: number.accessToken)
        }
    }

    @Test func ledgerPagesWithCursorsInAcceptanceOrder() async throws {
        try await withSimulator { simulator in
            let first = try await simulator.control.createNumber()
            let second = try await simulator.control.createNumber()
            let client = client(simulator)
            for index in 0..<5 {
                for number in [first, second] {
                    try await simulator.control.inbound(phoneNumberID: number.phoneNumberID, from: "1555333000\(index)", text: "hi")
                    _ = try await client.send(
                        OutboundMessage(to: "1555333000\(index)", content: .text(body: "m\(index)")), phoneNumberID: number.phoneNumberID,
                        accessToken: number.accessToken)
                }
            }
            let page1 = try await simulator.control.messages(phoneNumberID: first.phoneNumberID, limit: 2)
            #expect(page1.data.map(\.text) == ["m0", "m1"])
            let page2 = try await simulator.control.messages(phoneNumberID: first.phoneNumberID, limit: 2, after: page1.next)
            #expect(page2.data.map(\.text) == ["m2", "m3"])
            let page3 = try await simulator.control.messages(phoneNumberID: first.phoneNumberID, limit: 2, after: page2.next)
            #expect(page3.data.map(\.text) == ["m4"])
            #expect(page3.next == nil)
            #expect(try await simulator.control.allMessages().count == 10)
            #expect(page1.data.allSatisfy { $0.phoneNumberID == first.phoneNumberID && $0.acceptedAt.hasSuffix("Z") })
        }
    }

    @Test func templateRulesRejectWhatMetaRejects() async throws {
        try await withSimulator { simulator in
            let number = try await simulator.control.createNumber()
            let client = client(simulator)
            let cases: [(String, String, Bool)] = [
                ("ok_name", "Hi {{1}}, your code is ready.", true),
                ("Bad-Name", "Hello there", false),
                ("gap", "Hi {{1}} and {{3}} today", false),
                ("starts", "{{1}} is here", false),
                ("too_long", String(repeating: "a", count: 1025), false),
            ]
            for (name, body, _) in cases {
                _ = try await client.createTemplate(
                    wabaID: number.wabaID,
                    MessageTemplate(name: name, language: "en", category: "UTILITY", components: [.object(["type": .string("BODY"), "text": .string(body)])]),
                    accessToken: number.accessToken)
            }
            try await Task.sleep(for: .milliseconds(300))
            let statuses = Dictionary(uniqueKeysWithValues: try await client.allTemplates(wabaID: number.wabaID, accessToken: number.accessToken).map { ($0.name, $0.status) })
            for (name, _, approved) in cases {
                #expect(statuses[name] == (approved ? "APPROVED" : "REJECTED"), "\(name)")
            }
            // A duplicate name+language is refused synchronously.
            do {
                _ = try await client.createTemplate(
                    wabaID: number.wabaID,
                    MessageTemplate(name: "ok_name", language: "en", category: "UTILITY", components: [.object(["type": .string("BODY"), "text": .string("x")])]),
                    accessToken: number.accessToken)
                Issue.record("expected duplicate refusal")
            } catch let error as WhatsAppError {
                #expect(error.code == 100 && error.subcode == 2_388_024)
            }
        }
    }

    @Test func sendTimeTemplateChecks() async throws {
        try await withSimulator { simulator in
            let number = try await simulator.control.createNumber()
            let client = client(simulator)
            _ = try await client.createTemplate(
                wabaID: number.wabaID,
                MessageTemplate(
                    name: "promo", language: "en", category: "MARKETING",
                    components: [
                        .object(["type": .string("HEADER"), "format": .string("IMAGE")]),
                        .object(["type": .string("BODY"), "text": .string("Hi {{1}}, enjoy.")]),
                    ]),
                accessToken: number.accessToken)
            try await Task.sleep(for: .milliseconds(300))
            func send(_ components: [TemplateComponent]) async -> Int? {
                do {
                    _ = try await client.send(
                        OutboundMessage(to: "15554440001", content: .template(TemplateMessage(name: "promo", languageCode: "en", components: components))),
                        phoneNumberID: number.phoneNumberID, accessToken: number.accessToken)
                    return nil
                } catch {
                    return error.code
                }
            }
            #expect(await send([.body([.text("Ana")])]) == 132012)
            #expect(await send([.header([.image(.link("https://x/y.jpg"))]), .body([.text("Ana\nLima")])]) == 132007)
            #expect(await send([.header([.image(.link("https://x/y.jpg"))]), .body([.text(String(repeating: "a", count: 1020))])]) == 132005)
            #expect(await send([.header([.image(.link("https://x/y.jpg"))]), .body([.text("Ana")])]) == nil)
        }
    }
}
