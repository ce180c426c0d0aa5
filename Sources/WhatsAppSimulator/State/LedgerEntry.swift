import Foundation

/// One accepted message in the simulator's ledger, as `GET /__sim/messages` lists it.
public struct LedgerEntry: Sendable, Hashable, Codable {
    /// `template` of an entry: the name, language and the parameter values in component order.
    public struct Template: Sendable, Hashable, Codable {
        public var name: String
        public var language: String
        public var parameters: [String]

        public init(name: String, language: String, parameters: [String]) {
            self.name = name
            self.language = language
            self.parameters = parameters
        }
    }

    /// The wamid returned to the sender (or that it would have received, for timeouts and drops).
    public var id: String
    public var phoneNumberID: String
    public var to: String
    public var type: String
    public var template: Template?
    public var text: String?
    public var bizOpaqueCallbackData: String?
    /// RFC 3339 with milliseconds, UTC.
    public var acceptedAt: String
    /// `timeout` or `drop` when the sender never got the answer; absent when it did.
    public var fault: String?

    enum CodingKeys: String, CodingKey {
        case id, to, type, template, text, fault
        case phoneNumberID = "phone_number_id"
        case bizOpaqueCallbackData = "biz_opaque_callback_data"
        case acceptedAt = "accepted_at"
    }
}
