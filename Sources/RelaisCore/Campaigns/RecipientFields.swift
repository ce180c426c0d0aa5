/// What a variable expression can read about one recipient: the contact's fixed fields and its custom attributes.
///
/// A snapshot rather than the `Contact` itself, so messages can be rendered (and re-rendered for previews) without
/// the consent, tags and timestamps that have nothing to do with the text.
public struct RecipientFields: Sendable, Equatable, Codable {
    public var name: String
    public var firstName: String?
    public var lastName: String?
    /// E.164 (`+33612345678`).
    public var phone: String
    public var email: String?
    public var country: String?
    public var language: String?
    /// Custom attributes, read by `{attr.KEY}`, `{attributes.KEY}` or a bare `{KEY}`.
    public var attributes: [String: String]

    public init(
        name: String, firstName: String? = nil, lastName: String? = nil, phone: String, email: String? = nil, country: String? = nil,
        language: String? = nil, attributes: [String: String] = [:]
    ) {
        self.name = name
        self.firstName = firstName
        self.lastName = lastName
        self.phone = phone
        self.email = email
        self.country = country
        self.language = language
        self.attributes = attributes
    }

    /// The fields of a stored contact.
    public init(_ contact: Contact) {
        self.init(
            name: contact.name, firstName: contact.firstName, lastName: contact.lastName, phone: contact.phone, email: contact.email,
            country: contact.country, language: contact.language, attributes: contact.attributes)
    }

    /// The value of `field` (`first_name`, `attr.promo`, `city`…), trimmed; nil when it is absent, empty or only whitespace,
    /// because a blank value would send a message with a hole in it.
    public func value(of field: String) -> String? {
        let raw: String?
        switch field {
        case "name": raw = name
        case "first_name": raw = firstName
        case "last_name": raw = lastName
        case "phone": raw = phone
        case "email": raw = email
        case "country": raw = country
        case "language": raw = language
        default: raw = attributes[Self.attributeKey(of: field)]
        }
        guard let value = raw?.trimmingWhitespace(), !value.isEmpty else { return nil }
        return value
    }

    /// The attribute key a field names: `attr.promo` and `attributes.promo` → `promo`; any other field is the key itself.
    static func attributeKey(of field: String) -> String {
        for prefix in ["attr.", "attributes."] where field.hasPrefix(prefix) {
            return String(field.dropFirst(prefix.count))
        }
        return field
    }
}
