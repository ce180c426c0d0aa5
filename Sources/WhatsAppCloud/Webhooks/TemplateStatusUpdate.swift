/// The value of a `message_template_status_update` change (approved, rejected, paused, disabled, …).
public struct TemplateStatusUpdate: Sendable, Hashable, Decodable {
    /// `APPROVED`, `REJECTED`, `PENDING`, `PAUSED`, `DISABLED`, … (kept as Meta sends it).
    public var event: String
    public var messageTemplateID: String?
    public var messageTemplateName: String?
    public var messageTemplateLanguage: String?
    public var messageTemplateCategory: String?
    /// `INVALID_FORMAT`, `PROMOTIONAL`, `NONE`, … or absent.
    public var reason: String?
    public var rejectionReason: String?
    public var otherInfoTitle: String?

    private struct Info: Decodable {
        let reason: String?
        let title: String?
    }

    enum CodingKeys: String, CodingKey {
        case event, reason
        case messageTemplateID = "message_template_id", messageTemplateName = "message_template_name"
        case messageTemplateLanguage = "message_template_language", messageTemplateCategory = "message_template_category"
        case rejectionInfo = "rejection_info", otherInfo = "other_info"
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        event = try container.decode(String.self, forKey: .event)
        messageTemplateID = try container.decodeIfPresent(FlexibleString.self, forKey: .messageTemplateID)?.value
        messageTemplateName = try container.decodeIfPresent(String.self, forKey: .messageTemplateName)
        messageTemplateLanguage = try container.decodeIfPresent(String.self, forKey: .messageTemplateLanguage)
        messageTemplateCategory = try container.decodeIfPresent(String.self, forKey: .messageTemplateCategory)
        reason = try? container.decodeIfPresent(String.self, forKey: .reason)
        rejectionReason = (try? container.decodeIfPresent(Info.self, forKey: .rejectionInfo))?.reason
        otherInfoTitle = (try? container.decodeIfPresent(Info.self, forKey: .otherInfo))?.title
    }
}
