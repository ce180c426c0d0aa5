/// One `statuses[]` element: the delivery progress of a message this business sent.
public struct WebhookStatus: Sendable, Hashable, Decodable {
    /// The status kinds Meta documents; others (future ones) are kept in `status` and map to `.unknown`.
    public enum Kind: String, Sendable, Hashable {
        case sent, delivered, read, failed, played, unknown

        /// Monotonic rank for idempotent application: a lower rank never overwrites a higher one.
        public var rank: Int {
            switch self {
            case .unknown: 0
            case .sent: 1
            case .delivered: 2
            case .read, .played: 3
            case .failed: 4
            }
        }
    }

    /// `conversation` (omitted from v24 except in free-entry-point conversations).
    public struct Conversation: Sendable, Hashable, Decodable {
        public var id: String?
        public var expirationTimestamp: String?
        public var originType: String?

        private struct Origin: Decodable {
            let type: String?
        }

        enum CodingKeys: String, CodingKey { case id, expirationTimestamp = "expiration_timestamp", origin }

        public init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            id = try container.decodeIfPresent(String.self, forKey: .id)
            expirationTimestamp = try container.decodeIfPresent(FlexibleString.self, forKey: .expirationTimestamp)?.value
            originType = (try? container.decodeIfPresent(Origin.self, forKey: .origin))?.type
        }
    }

    /// `pricing`: present on `sent` and on one of `delivered`/`read`, never on `failed`.
    public struct Pricing: Sendable, Hashable, Decodable {
        public var billable: Bool?
        public var pricingModel: String?
        public var type: String?
        public var category: String?

        enum CodingKeys: String, CodingKey { case billable, pricingModel = "pricing_model", type, category }
    }

    /// The wamid returned by the send call.
    public var id: String
    /// The raw `status` string.
    public var status: String
    /// Unix seconds (a string on the wire).
    public var timestamp: String?
    public var recipientID: String?
    /// BSUID of the recipient (current shape); classic payloads omit it.
    public var recipientUserID: String?
    public var bizOpaqueCallbackData: String?
    public var conversation: Conversation?
    public var pricing: Pricing?
    public var errors: [WebhookError]

    public var kind: Kind { Kind(rawValue: status) ?? .unknown }

    enum CodingKeys: String, CodingKey {
        case id, status, timestamp, conversation, pricing, errors
        case recipientID = "recipient_id", recipientUserID = "recipient_user_id", userID = "user_id"
        case bizOpaqueCallbackData = "biz_opaque_callback_data"
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        id = try container.decode(String.self, forKey: .id)
        status = try container.decode(String.self, forKey: .status)
        timestamp = try container.decodeIfPresent(FlexibleString.self, forKey: .timestamp)?.value
        recipientID = try container.decodeIfPresent(FlexibleString.self, forKey: .recipientID)?.value
        recipientUserID =
            try container.decodeIfPresent(String.self, forKey: .recipientUserID)
            ?? container.decodeIfPresent(String.self, forKey: .userID)
        bizOpaqueCallbackData = try container.decodeIfPresent(String.self, forKey: .bizOpaqueCallbackData)
        conversation = try? container.decodeIfPresent(Conversation.self, forKey: .conversation)
        pricing = try? container.decodeIfPresent(Pricing.self, forKey: .pricing)
        errors = (try? container.decodeIfPresent([WebhookError].self, forKey: .errors)) ?? []
    }
}
