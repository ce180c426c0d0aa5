/// A business phone number as `GET /{phone-number-id}` describes it.
public struct PhoneNumberDetails: Sendable, Hashable, Codable {
    /// `throughput.level`: `STANDARD` (80 mps), `HIGH` (1,000 mps) or `COEXISTENCE`-style (20 mps).
    public struct Throughput: Sendable, Hashable, Codable {
        public var level: String

        public init(level: String) { self.level = level }
    }

    public var id: String
    /// Formatted with `+`, spaces and dashes, e.g. `+1 555-078-3881`.
    public var displayPhoneNumber: String?
    public var verifiedName: String?
    /// `GREEN`, `YELLOW`, `RED` or `UNKNOWN`.
    public var qualityRating: String?
    public var throughput: Throughput?
    /// `TIER_250` … `TIER_UNLIMITED` (deprecated by Meta in favour of the next field, both are read).
    public var messagingLimitTier: String?
    public var businessManagerMessagingLimit: String?
    public var status: String?
    public var nameStatus: String?
    public var codeVerificationStatus: String?
    public var platformType: String?
    public var accountMode: String?
    public var isOfficialBusinessAccount: Bool?

    /// Messages per second implied by the throughput level.
    public var messagesPerSecond: Int {
        switch throughput?.level.uppercased() {
        case "HIGH": 1000
        case "COEXISTENCE": 20
        default: 80
        }
    }

    /// Unique business-initiated recipients per rolling 24 h; `nil` means unlimited or unknown.
    public var messagingLimit: Int? {
        (businessManagerMessagingLimit ?? messagingLimitTier).flatMap(MessagingTier.limit)
    }

    public init(id: String, displayPhoneNumber: String?, verifiedName: String?, qualityRating: String?, throughput: Throughput?, messagingLimitTier: String?) {
        self.id = id
        self.displayPhoneNumber = displayPhoneNumber
        self.verifiedName = verifiedName
        self.qualityRating = qualityRating
        self.throughput = throughput
        self.messagingLimitTier = messagingLimitTier
    }

    enum CodingKeys: String, CodingKey {
        case id, throughput, status
        case displayPhoneNumber = "display_phone_number"
        case verifiedName = "verified_name"
        case qualityRating = "quality_rating"
        case messagingLimitTier = "messaging_limit_tier"
        case businessManagerMessagingLimit = "whatsapp_business_manager_messaging_limit"
        case nameStatus = "name_status"
        case codeVerificationStatus = "code_verification_status"
        case platformType = "platform_type"
        case accountMode = "account_mode"
        case isOfficialBusinessAccount = "is_official_business_account"
    }
}
