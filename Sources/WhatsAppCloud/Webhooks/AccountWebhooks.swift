/// `user_preferences` (reference section 7): a user stopped or resumed marketing messages in WhatsApp itself.
public struct UserPreferencesValue: Sendable, Hashable, Decodable {
    public struct Preference: Sendable, Hashable, Decodable {
        public var waID: String?
        public var userID: String?
        /// `marketing_messages` today.
        public var category: String?
        /// `stop` or `resume`.
        public var value: String
        public var detail: String?
        /// Integer unix seconds here (statuses use strings); read either way.
        public var timestamp: String?

        enum CodingKeys: String, CodingKey { case waID = "wa_id", userID = "user_id", category, value, detail, timestamp }

        public init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            waID = try container.decodeIfPresent(FlexibleString.self, forKey: .waID)?.value
            userID = try container.decodeIfPresent(String.self, forKey: .userID)
            category = try container.decodeIfPresent(String.self, forKey: .category)
            value = try container.decode(String.self, forKey: .value)
            detail = try container.decodeIfPresent(String.self, forKey: .detail)
            timestamp = try container.decodeIfPresent(FlexibleString.self, forKey: .timestamp)?.value
        }
    }

    public var metadata: MessagesValue.Metadata?
    public var contacts: [WebhookContact]
    public var preferences: [Preference]

    enum CodingKeys: String, CodingKey { case metadata, contacts, preferences = "user_preferences" }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        metadata = try container.decodeIfPresent(MessagesValue.Metadata.self, forKey: .metadata)
        contacts = try container.decodeIfPresent([WebhookContact].self, forKey: .contacts) ?? []
        preferences = try container.decodeIfPresent([Preference].self, forKey: .preferences) ?? []
    }
}

/// `phone_number_quality_update`: a tier move (`UPGRADE`, `DOWNGRADE`), a quality flag (`FLAGGED`, `UNFLAGGED`) or
/// a throughput upgrade of the number whose digits `displayPhoneNumber` gives (there is no metadata).
public struct PhoneNumberQualityUpdate: Sendable, Hashable, Decodable {
    public var displayPhoneNumber: String
    public var event: String
    /// `TIER_*`: `current_limit` in older payloads, `max_daily_conversations_per_business` in newer ones.
    public var tier: String?

    enum CodingKeys: String, CodingKey {
        case displayPhoneNumber = "display_phone_number", event, currentLimit = "current_limit"
        case maxDaily = "max_daily_conversations_per_business"
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        displayPhoneNumber = try container.decode(FlexibleString.self, forKey: .displayPhoneNumber).value
        event = try container.decode(String.self, forKey: .event)
        // Either key may hold a number instead (a count of conversations), which names no tier.
        let limits = [CodingKeys.currentLimit, .maxDaily].compactMap { key in (try? container.decodeIfPresent(FlexibleString.self, forKey: key)) ?? nil }
        tier = limits.map { $0.value.uppercased() }.first(where: MessagingTier.isName)
    }
}

/// `account_update`: bans, restrictions and policy violations of the WABA (and partner events, kept by name).
public struct AccountUpdate: Sendable, Hashable, Decodable {
    public var event: String
    public var phoneNumber: String?
    /// `DISABLE`, `SCHEDULE_FOR_DISABLE`, `REINSTATE` … from `ban_info.waba_ban_state`.
    public var banStates: [String]
    /// `RESTRICTED_BIZ_INITIATED_MESSAGING`, `RESTRICTED_ADD_PHONE_NUMBER_ACTION` … from `restriction_info`.
    public var restrictions: [String]
    public var violationType: String?

    private struct BanInfo: Decodable {
        let waba_ban_state: [String]?
    }

    private struct Restriction: Decodable {
        let restriction_type: String?
    }

    private struct Violation: Decodable {
        let violation_type: String?
    }

    enum CodingKeys: String, CodingKey {
        case event, phoneNumber = "phone_number", banInfo = "ban_info", restrictionInfo = "restriction_info", violationInfo = "violation_info"
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        event = try container.decode(String.self, forKey: .event)
        phoneNumber = try? container.decodeIfPresent(FlexibleString.self, forKey: .phoneNumber)?.value
        banStates = (try? container.decodeIfPresent(BanInfo.self, forKey: .banInfo))??.waba_ban_state ?? []
        restrictions = ((try? container.decodeIfPresent([Restriction].self, forKey: .restrictionInfo)) ?? nil)?.compactMap(\.restriction_type) ?? []
        violationType = (try? container.decodeIfPresent(Violation.self, forKey: .violationInfo))??.violation_type
    }

    /// True when Meta no longer lets this account send business-initiated messages (or anything at all).
    public var stopsSending: Bool {
        switch event {
        case "DISABLED_UPDATE": banStates.contains("DISABLE")
        case "ACCOUNT_RESTRICTION": restrictions.contains { $0.hasPrefix("RESTRICTED_BIZ_INITIATED_MESSAGING") || $0 == "RESTRICTED_CUSTOMER_INITIATED_MESSAGING" }
        default: false
        }
    }
}
