/// A message template of a WABA, as listed by `GET /{waba-id}/message_templates` or submitted by POST.
///
/// `components` stay in Meta's own JSON format (reference, section 5) so nothing is lost in translation.
public struct MessageTemplate: Sendable, Hashable, Codable {
    public var id: String?
    public var name: String
    public var language: String
    /// `APPROVED`, `PENDING`, `REJECTED`, `PAUSED`, `DISABLED`, … (only `APPROVED` can be sent).
    public var status: String?
    /// `MARKETING`, `UTILITY` or `AUTHENTICATION`.
    public var category: String
    /// `POSITIONAL` or `NAMED`.
    public var parameterFormat: String?
    public var components: [JSONValue]

    public init(
        id: String? = nil, name: String, language: String, status: String? = nil, category: String,
        parameterFormat: String? = nil, components: [JSONValue]
    ) {
        self.id = id
        self.name = name
        self.language = language
        self.status = status
        self.category = category
        self.parameterFormat = parameterFormat
        self.components = components
    }

    enum CodingKeys: String, CodingKey {
        case id, name, language, status, category, components
        case parameterFormat = "parameter_format"
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        id = try container.decodeIfPresent(FlexibleString.self, forKey: .id)?.value
        name = try container.decode(String.self, forKey: .name)
        language = try container.decode(String.self, forKey: .language)
        status = try container.decodeIfPresent(String.self, forKey: .status)
        category = try container.decodeIfPresent(String.self, forKey: .category) ?? "MARKETING"
        parameterFormat = try container.decodeIfPresent(String.self, forKey: .parameterFormat)
        components = try container.decodeIfPresent([JSONValue].self, forKey: .components) ?? []
    }
}
