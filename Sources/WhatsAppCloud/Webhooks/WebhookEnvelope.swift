/// The body of every webhook POST: `{"object","entry":[{"id","time"?,"changes":[{"field","value"}]}]}`.
///
/// Decoding is tolerant by design: unknown fields are ignored, unknown `field`s and message types are kept
/// as raw/unsupported values, so a new Meta feature never makes Relais drop an event.
public struct WebhookEnvelope: Sendable, Hashable, Decodable {
    /// One `entry`: the WABA id and its changes.
    public struct Entry: Sendable, Hashable, Decodable {
        /// The WhatsApp Business Account id.
        public var id: String
        /// Unix seconds; present on template/account/quality updates.
        public var time: Int?
        public var changes: [WebhookChange]

        enum CodingKeys: String, CodingKey { case id, time, changes }

        public init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            id = try container.decode(FlexibleString.self, forKey: .id).value
            time = try? container.decodeIfPresent(Int.self, forKey: .time)
            changes = try container.decodeIfPresent([WebhookChange].self, forKey: .changes) ?? []
        }
    }

    /// `whatsapp_business_account` for WhatsApp.
    public var object: String
    public var entry: [Entry]

    /// Every status of every change, in payload order.
    public var statuses: [WebhookStatus] {
        entry.flatMap { $0.changes.compactMap(\.messagesValue).flatMap(\.statuses) }
    }

    /// Every inbound message of every change, in payload order.
    public var messages: [InboundMessage] {
        entry.flatMap { $0.changes.compactMap(\.messagesValue).flatMap(\.messages) }
    }
}
