/// The `value` of a `messages` change: metadata plus contacts, inbound messages, statuses and/or errors.
public struct MessagesValue: Sendable, Hashable, Decodable {
    /// Which business number the change concerns; `display_phone_number` is digits only here.
    public struct Metadata: Sendable, Hashable, Decodable {
        public var displayPhoneNumber: String?
        public var phoneNumberID: String

        enum CodingKeys: String, CodingKey {
            case displayPhoneNumber = "display_phone_number"
            case phoneNumberID = "phone_number_id"
        }

        public init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            displayPhoneNumber = try container.decodeIfPresent(FlexibleString.self, forKey: .displayPhoneNumber)?.value
            phoneNumberID = try container.decode(FlexibleString.self, forKey: .phoneNumberID).value
        }
    }

    public var messagingProduct: String?
    public var metadata: Metadata?
    public var contacts: [WebhookContact]
    public var messages: [InboundMessage]
    public var statuses: [WebhookStatus]
    /// `value.errors[]`: asynchronous errors not tied to one message (e.g. 130429).
    public var errors: [WebhookError]

    enum CodingKeys: String, CodingKey {
        case messagingProduct = "messaging_product"
        case metadata, contacts, messages, statuses, errors
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        messagingProduct = try container.decodeIfPresent(String.self, forKey: .messagingProduct)
        metadata = try container.decodeIfPresent(Metadata.self, forKey: .metadata)
        contacts = try container.decodeIfPresent([WebhookContact].self, forKey: .contacts) ?? []
        messages = try container.decodeIfPresent([InboundMessage].self, forKey: .messages) ?? []
        statuses = try container.decodeIfPresent([WebhookStatus].self, forKey: .statuses) ?? []
        errors = try container.decodeIfPresent([WebhookError].self, forKey: .errors) ?? []
    }
}
