import WhatsAppTestSupport
import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import Testing
import WhatsAppCloud
import WhatsAppSimulator

/// Determinism, latency, onboarding endpoints and read receipts.
@Suite struct SimulatorBehaviourTests {
    func client(_ simulator: RunningSimulator) -> WhatsAppClient {
        WhatsAppClient(httpClient: .shared, baseURL: simulator.baseURL, timeout: .seconds(5))
    }

    func run(seed: UInt64) async throws -> (String, String) {
        try await withSimulator({ $0.seed = seed }) { simulator in
            let number = try await simulator.control.createNumber()
            try await simulator.control.inbound(phoneNumberID: number.phoneNumberID, from: "15551234567", text: "hi")
            let receipt = try await client(simulator).send(
                OutboundMessage(to: "15551234567", content: .text(body: "x")), phoneNumberID: number.phoneNumberID, accessToken: number.accessToken)
            return (number.accessToken, receipt.messageID)
        }
    }

    @Test func sameSeedSameIDs() async throws {
        let first = try await run(seed: 7), second = try await run(seed: 7), other = try await run(seed: 8)
        #expect(first == second)
        #expect(first.0 != other.0)
    }

    @Test func latencyIsApplied() async throws {
        try await withSimulator { simulator in
            let number = try await simulator.control.createNumber(["latency_ms": [150, 150]])
            try await simulator.control.inbound(phoneNumberID: number.phoneNumberID, from: "15551234567", text: "hi")
            let start = ContinuousClock.now
            _ = try await client(simulator).send(
                OutboundMessage(to: "15551234567", content: .text(body: "x")), phoneNumberID: number.phoneNumberID, accessToken: number.accessToken)
            #expect(ContinuousClock.now - start >= .milliseconds(150))
        }
    }

    func post(_ url: String, token: String, body: String? = nil, method: HTTPMethod = .POST) async throws -> (Int, String) {
        var request = HTTPClientRequest(url: url)
        request.method = method
        request.headers.add(name: "Authorization", value: "Bearer \(token)")
        if let body { request.body = .bytes(ByteBuffer(string: body)) }
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(5))
        return (Int(response.status.code), String(buffer: try await response.body.collect(upTo: 1 << 20)))
    }

    @Test func onboardingEndpointsAndReadReceipts() async throws {
        try await withSimulator { simulator in
            let number = try await simulator.control.createNumber()
            let other = try await simulator.control.createNumber()
            let base = "\(simulator.baseURL)/v21.0"
            #expect(try await post("\(base)/\(number.phoneNumberID)/register", token: number.accessToken, body: #"{"messaging_product":"whatsapp","pin":"123456"}"#) == (200, #"{"success":true}"#))
            #expect(try await post("\(base)/\(number.wabaID)/subscribed_apps", token: number.accessToken).0 == 200)
            let list = try await post("\(base)/\(number.wabaID)/phone_numbers", token: number.accessToken, method: .GET)
            #expect(list.0 == 200 && list.1.contains(number.phoneNumberID) && !list.1.contains(other.phoneNumberID))
            // Another tenant's token: 403 code 10; an unknown id: 400 code 100.
            let forbidden = try await post("\(base)/\(number.wabaID)/subscribed_apps", token: other.accessToken)
            #expect(forbidden.0 == 403 && forbidden.1.contains(#""code":10"#))
            let unknown = try await post("\(base)/123/register", token: number.accessToken)
            #expect(unknown.0 == 400 && unknown.1.contains(#""code":100"#))
            let read = try await post(
                "\(base)/\(number.phoneNumberID)/messages", token: number.accessToken,
                body: #"{"messaging_product":"whatsapp","status":"read","message_id":"wamid.X"}"#)
            #expect(read == (200, #"{"success":true}"#))
            let badVersion = try await post("\(simulator.baseURL)/latest/\(number.phoneNumberID)/register", token: number.accessToken)
            #expect(badVersion.0 == 400)
        }
    }

    @Test func ledgerIsAlsoWrittenToItsOwnFile() async throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("ledger-\(UUID().uuidString).jsonl").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        let wamid = try await withSimulator({ $0.ledgerFile = path }) { simulator in
            let number = try await simulator.control.createNumber()
            try await simulator.control.inbound(phoneNumberID: number.phoneNumberID, from: "15551234567", text: "hi")
            return try await client(simulator).send(
                OutboundMessage(to: "15551234567", content: .text(body: "x"), bizOpaqueCallbackData: "cb"), phoneNumberID: number.phoneNumberID,
                accessToken: number.accessToken
            ).messageID
        }
        let lines = try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n")
        #expect(lines.count == 1)
        let entry = try JSONDecoder().decode(LedgerEntry.self, from: Data(lines[0].utf8))
        #expect(entry.id == wamid && entry.bizOpaqueCallbackData == "cb")
    }
}
