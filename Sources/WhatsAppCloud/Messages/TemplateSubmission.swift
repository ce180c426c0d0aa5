/// Meta's answer to a template submission: `{"id","status","category"}`.
public struct TemplateSubmission: Sendable, Hashable, Decodable {
    public var id: String
    public var status: String
    public var category: String?

    enum CodingKeys: String, CodingKey { case id, status, category }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        id = try container.decode(FlexibleString.self, forKey: .id).value
        status = try container.decode(String.self, forKey: .status)
        category = try container.decodeIfPresent(String.self, forKey: .category)
    }
}
