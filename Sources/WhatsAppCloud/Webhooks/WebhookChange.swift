/// One `changes[]` element: the `field` decides how `value` is read.
public struct WebhookChange: Sendable, Hashable, Decodable {
    /// The typed value of a change.
    public enum Value: Sendable, Hashable {
        /// `field: messages` — statuses, inbound messages, contacts, errors.
        case messages(MessagesValue)
        /// `field: message_template_status_update`.
        case templateStatus(TemplateStatusUpdate)
        /// `field: user_preferences`.
        case userPreferences(UserPreferencesValue)
        /// `field: phone_number_quality_update`.
        case qualityUpdate(PhoneNumberQualityUpdate)
        /// `field: account_update`.
        case accountUpdate(AccountUpdate)
        /// Any other field (business_capability_update, calls, …), or one of the above in a shape we cannot read,
        /// kept raw: an unreadable change must not make the rest of the envelope unreadable.
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
        case "user_preferences":
            value = try Self.typed(container, Value.userPreferences)
        case "phone_number_quality_update":
            value = try Self.typed(container, Value.qualityUpdate)
        case "account_update":
            value = try Self.typed(container, Value.accountUpdate)
        default:
            value = .other(try container.decodeIfPresent(JSONValue.self, forKey: .value) ?? .null)
        }
    }

    /// The typed value, or the raw JSON when it is not in a shape we know.
    private static func typed<T: Decodable>(_ container: KeyedDecodingContainer<CodingKeys>, _ wrap: (T) -> Value) throws -> Value {
        if let typed = try? container.decode(T.self, forKey: .value) { return wrap(typed) }
        return .other(try container.decodeIfPresent(JSONValue.self, forKey: .value) ?? .null)
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
