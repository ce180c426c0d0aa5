import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1

/// A small client for the simulator's `/__sim/` control API, for tests, benchmarks and sandbox wiring.
public struct SimulatorControlClient: Sendable {
    /// A number created on the simulator.
    public struct Number: Sendable, Hashable, Decodable {
        public let phoneNumberID: String
        public let wabaID: String
        public let accessToken: String
        public let displayPhoneNumber: String

        enum CodingKeys: String, CodingKey {
            case phoneNumberID = "phone_number_id", wabaID = "waba_id", accessToken = "access_token"
            case displayPhoneNumber = "display_phone_number"
        }
    }

    /// A page of the ledger.
    public struct LedgerPage: Sendable, Decodable {
        public let data: [LedgerEntry]
        public let next: String?
    }

    /// A control call that did not answer 2xx.
    public struct Failure: Error, Sendable {
        public let status: Int
        public let body: String
    }

    public let httpClient: HTTPClient
    /// e.g. `http://127.0.0.1:8081`.
    public let baseURL: String

    public init(httpClient: HTTPClient, baseURL: String) {
        self.httpClient = httpClient
        self.baseURL = baseURL
    }

    /// `POST /__sim/numbers` with the given JSON fields (`display_phone_number`, `throughput`, `tier`, …).
    public func createNumber(_ fields: [String: any Sendable] = [:]) async throws -> Number {
        try JSONDecoder().decode(Number.self, from: try await call(.POST, "/__sim/numbers", json: fields))
    }

    /// `PATCH /__sim/numbers/{id}`.
    public func patchNumber(_ id: String, _ fields: [String: any Sendable]) async throws {
        _ = try await call(.PATCH, "/__sim/numbers/\(id)", json: fields)
    }

    /// One page of `GET /__sim/messages`.
    public func messages(phoneNumberID: String? = nil, limit: Int = 100, after: String? = nil) async throws -> LedgerPage {
        var query = ["limit=\(limit)"]
        if let phoneNumberID { query.append("phone_number_id=\(phoneNumberID)") }
        if let after { query.append("after=\(after)") }
        return try JSONDecoder().decode(LedgerPage.self, from: try await call(.GET, "/__sim/messages?" + query.joined(separator: "&")))
    }

    /// Every ledger entry of a number, following the cursors.
    public func allMessages(phoneNumberID: String? = nil) async throws -> [LedgerEntry] {
        var entries: [LedgerEntry] = []
        var cursor: String?
        repeat {
            let page = try await messages(phoneNumberID: phoneNumberID, limit: 1000, after: cursor)
            entries += page.data
            cursor = page.next
        } while cursor != nil
        return entries
    }

    /// `POST /__sim/inbound`: the user `from` writes `text` or taps a quick reply carrying `buttonPayload`.
    @discardableResult
    public func inbound(phoneNumberID: String, from: String, text: String? = nil, buttonPayload: String? = nil, contextMessageID: String? = nil)
        async throws -> String
    {
        var fields: [String: any Sendable] = ["phone_number_id": phoneNumberID, "from": from]
        if let text { fields["text"] = text }
        if let buttonPayload { fields["button_payload"] = buttonPayload }
        if let contextMessageID { fields["context_message_id"] = contextMessageID }
        return try await inbound(fields)
    }

    /// `POST /__sim/inbound` with any of its fields (`interactive`, `media`, `reaction`, `context_message_id`, …);
    /// returns the inbound message's wamid.
    @discardableResult
    public func inbound(_ fields: [String: any Sendable]) async throws -> String {
        let data = try await call(.POST, "/__sim/inbound", json: fields)
        return (try JSONDecoder().decode([String: String].self, from: data))["id"] ?? ""
    }

    /// `POST /__sim/user_preferences`: the user stops (`stop: true`) or resumes marketing messages.
    public func userPreferences(phoneNumberID: String, waID: String, stop: Bool) async throws {
        _ = try await call(.POST, "/__sim/user_preferences", json: ["phone_number_id": phoneNumberID, "wa_id": waID, "value": stop ? "stop" : "resume"])
    }

    /// `POST /__sim/account_update` (`event`, `ban_state`, `restriction_type`, `violation_type`).
    public func accountUpdate(wabaID: String, _ fields: [String: any Sendable]) async throws {
        var body = fields
        body["waba_id"] = wabaID
        _ = try await call(.POST, "/__sim/account_update", json: body)
    }

    /// `POST /__sim/templates/pacing`: holds the template's sends after `releaseFirst`, then releases or pauses.
    public func pace(wabaID: String, name: String, language: String, releaseFirst: Int, pause: Bool, decideAfterMilliseconds: Int) async throws {
        _ = try await call(
            .POST, "/__sim/templates/pacing",
            json: [
                "waba_id": wabaID, "name": name, "language": language, "release_first": releaseFirst, "outcome": pause ? "pause" : "release",
                "decide_after_ms": decideAfterMilliseconds,
            ])
    }

    /// `POST /__sim/clock`: moves the simulator's clock forward.
    public func advanceClock(seconds: Double) async throws {
        _ = try await call(.POST, "/__sim/clock", json: ["advance_seconds": seconds])
    }

    /// `POST /__sim/signup_codes`: a one-time Embedded Signup code for the number.
    public func signupCode(phoneNumberID: String) async throws -> String {
        let data = try await call(.POST, "/__sim/signup_codes", json: ["phone_number_id": phoneNumberID])
        return (try JSONDecoder().decode([String: String].self, from: data))["code"] ?? ""
    }

    /// What `GET /__sim/messages/{wamid}` says of one message.
    public struct MessageState: Sendable, Decodable {
        public let message: LedgerEntry
        /// Statuses reported by webhook so far, in progression order.
        public let statuses: [String]
        /// Held for quality assessment (template pacing).
        public let held: Bool
    }

    public func messageState(_ wamid: String) async throws -> MessageState {
        try JSONDecoder().decode(MessageState.self, from: try await call(.GET, "/__sim/messages/\(wamid)"))
    }

    /// `POST /__sim/recipients`: scripts a user (`fail_code`, `deliver`, `read`, `read_after_ms`).
    public func scriptRecipient(_ waID: String, _ fields: [String: any Sendable]) async throws {
        var body = fields
        body["wa_id"] = waID
        _ = try await call(.POST, "/__sim/recipients", json: body)
    }

    /// `GET /__sim/webhooks`: the recent delivery attempts.
    public func webhookLog() async throws -> [WebhookLogEntry] {
        struct Log: Decodable { let data: [WebhookLogEntry] }
        return try JSONDecoder().decode(Log.self, from: try await call(.GET, "/__sim/webhooks")).data
    }

    private func call(_ method: HTTPMethod, _ path: String, json: [String: any Sendable]? = nil) async throws -> Data {
        var request = HTTPClientRequest(url: baseURL + path)
        request.method = method
        if let json {
            request.headers.add(name: "Content-Type", value: "application/json")
            request.body = .bytes(ByteBuffer(bytes: try JSONSerialization.data(withJSONObject: json)))
        }
        let response = try await httpClient.execute(request, timeout: .seconds(10))
        let body = try await response.body.collect(upTo: 64 << 20)
        let data = Data(body.readableBytesView)
        guard (200..<300).contains(Int(response.status.code)) else {
            throw Failure(status: Int(response.status.code), body: String(decoding: data, as: UTF8.self))
        }
        return data
    }
}
