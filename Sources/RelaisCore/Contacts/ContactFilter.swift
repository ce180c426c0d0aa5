import Foundation

/// Which contacts a list, a bulk action, an export or a segment concerns. Every field is optional;
/// fields combine with AND. Tag names compare without regard to case.
public struct ContactFilter: Sendable, Equatable, Codable {
    /// Free text: part of the name, or of the phone number's digits.
    public var query: String?
    /// At least one of these tags.
    public var tagsAny: [String]?
    /// Every one of these tags.
    public var tagsAll: [String]?
    /// None of these tags.
    public var tagsNone: [String]?
    public var consent: ConsentStatus?
    /// ISO 3166 alpha-2 of the contact's country.
    public var country: String?
    /// Attributes that must hold exactly these values.
    public var attributes: [String: String]?
    public var createdAfter: Date?
    /// Read or answered a message within this many days.
    public var engagedWithinDays: Int?

    public init() {}

    enum CodingKeys: String, CodingKey {
        case query = "q"
        case tagsAny = "tags_any"
        case tagsAll = "tags_all"
        case tagsNone = "tags_none"
        case consent, country, attributes
        case createdAfter = "created_after"
        case engagedWithinDays = "engaged_within_days"
    }

    /// The keys a segment's `filter` object may hold.
    public static let segmentKeys: Set<String> = [
        "tags_any", "tags_all", "tags_none", "consent", "country", "attributes", "created_after", "engaged_within_days",
    ]
}
