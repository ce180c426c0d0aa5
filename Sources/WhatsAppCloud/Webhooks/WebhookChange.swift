/// One `changes[]` element: the `field` decides how `value` is read.
public struct WebhookChange: Sendable, Hashable, Decodable {
    /// The typed value of a change.
    public enum Value: Sendable, Hashable {
        /// `field: messages` — statuses, inbound messages, contacts, errors.
        case messages(MessagesValue)
        /// `field: message_template_status_update`.
        case templateStatus(TemplateStatusUpdate)
        /// Any other field (user_preferences, account_update, …), kept raw.
        case other(JSONValue)
    }

    public var field: String
    public var value: Value

    enum CodingKeys: String, CodingKey { case field, value }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        field = try container.decode(String.self, forKey: .field)
        switch field {
        case "messages":
            value = .messages(try container.decode(MessagesValue.self, forKey: .value))
        case "message_template_status_update":
            value = .templateStatus(try container.decode(TemplateStatusUpdate.self, forKey: .value))
        default:
            value = .other(try container.decodeIfPresent(JSONValue.self, forKey: .value) ?? .null)
        }
    }

    /// The value when `field` is `messages`.
    public var messagesValue: MessagesValue? {
        if case .messages(let value) = value { return value }
        return nil
    }

    /// The value when `field` is `message_template_status_update`.
    public var templateStatus: TemplateStatusUpdate? {
        if case .templateStatus(let value) = value { return value }
        return nil
    }
}
