import Foundation

/// Who a campaign is sent to: contacts in any of the included tags or segments (everyone when nothing is
/// included), minus those carrying an excluded tag. Opted-out and suppressed contacts are always left out;
/// contacts whose consent is unknown only when `includeUnknownConsent` says so.
public struct CampaignAudience: Sendable, Equatable, Codable {
    /// Contacts with at least one of these tags.
    public var tagsAny: [String]
    /// Contacts with every one of these tags.
    public var tagsAll: [String]
    /// Contacts with any of these tags are excluded.
    public var tagsNone: [String]
    /// Members of any of these segments.
    public var segments: [UUID]
    public var includeUnknownConsent: Bool

    public init(tagsAny: [String] = [], tagsAll: [String] = [], tagsNone: [String] = [], segments: [UUID] = [], includeUnknownConsent: Bool = false) {
        self.tagsAny = tagsAny
        self.tagsAll = tagsAll
        self.tagsNone = tagsNone
        self.segments = segments
        self.includeUnknownConsent = includeUnknownConsent
    }

    /// True when nothing narrows the audience: every contact with consent is included.
    public var includesEveryone: Bool { tagsAny.isEmpty && tagsAll.isEmpty && segments.isEmpty }

    enum CodingKeys: String, CodingKey {
        case tagsAny = "tags_any"
        case tagsAll = "tags_all"
        case tagsNone = "tags_none"
        case segments
        case includeUnknownConsent = "include_unknown_consent"
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        tagsAny = try container.decodeIfPresent([String].self, forKey: .tagsAny) ?? []
        tagsAll = try container.decodeIfPresent([String].self, forKey: .tagsAll) ?? []
        tagsNone = try container.decodeIfPresent([String].self, forKey: .tagsNone) ?? []
        segments = try container.decodeIfPresent([UUID].self, forKey: .segments) ?? []
        includeUnknownConsent = try container.decodeIfPresent(Bool.self, forKey: .includeUnknownConsent) ?? false
    }
}
