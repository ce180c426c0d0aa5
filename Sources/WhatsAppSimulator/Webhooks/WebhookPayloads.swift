/// Encodable mirrors of Meta's webhook JSON (reference section 4); field names are Meta's, snake_case.
enum WebhookPayloads {
    struct Envelope<Value: Encodable & Sendable>: Encodable, Sendable {
        var object = "whatsapp_business_account"
        let entry: [Entry<Value>]
    }

    struct Entry<Value: Encodable & Sendable>: Encodable, Sendable {
        let id: String
        /// Integer unix time: only on template/account/quality updates.
        let time: Int?
        let changes: [Change<Value>]
    }

    struct Change<Value: Encodable & Sendable>: Encodable, Sendable {
        let value: Value
        let field: String
    }

    struct Metadata: Encodable, Sendable {
        let display_phone_number: String
        let phone_number_id: String
    }

    struct Profile: Encodable, Sendable {
        let name: String
    }

    struct Contact: Encodable, Sendable {
        let profile: Profile?
        let wa_id: String
        let user_id: String?
    }

    struct MessagesValue: Encodable, Sendable {
        var messaging_product = "whatsapp"
        let metadata: Metadata
        let contacts: [Contact]?
        let messages: [InboundMessage]?
        let statuses: [Status]?
        var errors: [ErrorObject]? = nil
    }

    struct Origin: Encodable, Sendable {
        let type: String
    }

    struct Conversation: Encodable, Sendable {
        let id: String
        let expiration_timestamp: String?
        let origin: Origin
    }

    struct Pricing: Encodable, Sendable {
        let billable: Bool
        let pricing_model: String
        let type: String
        let category: String
    }

    struct ErrorData: Encodable, Sendable {
        let details: String
    }

    struct ErrorObject: Encodable, Sendable {
        let code: Int
        let title: String
        let message: String
        let error_data: ErrorData
        var href = "https://developers.facebook.com/docs/whatsapp/cloud-api/support/error-codes/"
    }

    struct Status: Encodable, Sendable {
        let id: String
        let status: String
        let timestamp: String
        let recipient_id: String
        let recipient_user_id: String?
        let biz_opaque_callback_data: String?
        let conversation: Conversation?
        let pricing: Pricing?
        let errors: [ErrorObject]?
    }

    struct Text: Encodable, Sendable {
        let body: String
    }

    struct Button: Encodable, Sendable {
        let text: String
        let payload: String
    }

    struct Context: Encodable, Sendable {
        let from: String
        let id: String
    }

    struct ReplyChoice: Encodable, Sendable {
        let id: String
        let title: String
        let description: String?
    }

    struct Interactive: Encodable, Sendable {
        let type: String
        let button_reply: ReplyChoice?
        let list_reply: ReplyChoice?
    }

    struct Media: Encodable, Sendable {
        let id: String
        let mime_type: String
        let sha256: String
        let caption: String?
        let filename: String?
    }

    struct Reaction: Encodable, Sendable {
        let message_id: String
        let emoji: String
    }

    struct InboundMessage: Encodable, Sendable {
        let from: String
        let id: String
        let timestamp: String
        let type: String
        let context: Context?
        var text: Text? = nil
        var button: Button? = nil
        var interactive: Interactive? = nil
        var reaction: Reaction? = nil
        var image: Media? = nil
        var video: Media? = nil
        var audio: Media? = nil
        var document: Media? = nil
        var sticker: Media? = nil
    }

    struct OtherInfo: Encodable, Sendable {
        let title: String
        let description: String
    }

    struct DisableInfo: Encodable, Sendable {
        let disable_date: String
    }

    struct TemplateStatusValue: Encodable, Sendable {
        let event: String
        let message_template_id: Int
        let message_template_name: String
        let message_template_language: String
        let message_template_category: String
        let reason: String
        let other_info: OtherInfo?
        let disable_info: DisableInfo?
    }

    /// `user_preferences` (reference section 7): integer timestamp, unlike message statuses.
    struct UserPreference: Encodable, Sendable {
        let wa_id: String
        let user_id: String?
        let detail: String
        let category: String
        let value: String
        let timestamp: Int
    }

    struct UserPreferencesValue: Encodable, Sendable {
        var messaging_product = "whatsapp"
        let metadata: Metadata
        let contacts: [Contact]
        let user_preferences: [UserPreference]
    }

    /// `phone_number_quality_update`: no metadata; `current_limit`/`old_limit` only in the classic era.
    struct QualityUpdateValue: Encodable, Sendable {
        let display_phone_number: String
        let event: String
        let old_limit: String?
        let current_limit: String?
        let max_daily_conversations_per_business: String?
    }

    /// `business_capability_update`: the portfolio's new messaging limit (absent when unlimited).
    struct CapabilityUpdateValue: Encodable, Sendable {
        let max_daily_conversations_per_business: Int?
        let max_phone_numbers_per_business: Int
    }

    struct BanInfo: Encodable, Sendable {
        let waba_ban_state: [String]
        let waba_ban_date: String
    }

    struct RestrictionInfo: Encodable, Sendable {
        let restriction_type: String
        let expiration: Int
    }

    struct ViolationInfo: Encodable, Sendable {
        let violation_type: String
    }

    struct AccountUpdateValue: Encodable, Sendable {
        let phone_number: String?
        let event: String
        let ban_info: BanInfo?
        let restriction_info: [RestrictionInfo]?
        let violation_info: ViolationInfo?
    }

    /// A deterministic business-scoped user id (BSUID) for a wa_id, e.g. `US.13491208655302741918`.
    static func userID(for waID: String) -> String {
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        for byte in waID.utf8 {
            hash = (hash ^ UInt64(byte)) &* 0x100_0000_01B3
        }
        let digits = String(hash % 10_000_000_000_000_000_000)
        return "US." + String(repeating: "0", count: 20 - digits.count) + digits
    }

    /// A stable 32-hex conversation id per (business number, user).
    static func conversationID(phoneNumberID: String, waID: String) -> String {
        let high = userID(for: phoneNumberID + waID).dropFirst(3)
        let low = userID(for: waID + phoneNumberID).dropFirst(3)
        return String((UInt64(high) ?? 0), radix: 16).padded(16) + String((UInt64(low) ?? 0), radix: 16).padded(16)
    }
}

extension String {
    fileprivate func padded(_ length: Int) -> String {
        String(repeating: "0", count: Swift.max(0, length - count)) + self
    }
}
