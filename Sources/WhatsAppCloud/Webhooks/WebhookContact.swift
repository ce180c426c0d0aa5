/// A `contacts[]` entry: classic shape `{profile, wa_id}`, current shape adds `user_id` (BSUID).
public struct WebhookContact: Sendable, Hashable, Decodable {
    public var waID: String?
    public var userID: String?
    public var parentUserID: String?
    public var profileName: String?
    public var username: String?

    private struct Profile: Decodable {
        let name: String?
        let username: String?
    }

    enum CodingKeys: String, CodingKey {
        case waID = "wa_id", userID = "user_id", parentUserID = "parent_user_id", profile
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        waID = try container.decodeIfPresent(FlexibleString.self, forKey: .waID)?.value
        userID = try container.decodeIfPresent(String.self, forKey: .userID)
        parentUserID = try container.decodeIfPresent(String.self, forKey: .parentUserID)
        let profile = try? container.decodeIfPresent(Profile.self, forKey: .profile)
        profileName = profile?.name
        username = profile?.username
    }
}
