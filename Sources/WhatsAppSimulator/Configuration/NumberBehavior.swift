/// The configurable behaviour of one simulated phone number (control API fields).
public struct NumberBehavior: Sendable, Hashable {
    /// Messages per second accepted before 130429.
    public var throughput: Double
    /// Unique business-initiated recipients per rolling 24 h; `nil` is unlimited.
    public var tier: Int?
    /// Response latency range in milliseconds.
    public var latencyMilliseconds: ClosedRange<Int>
    /// Share of sends answered with a 5xx (nothing accepted).
    public var errorRate5xx: Double
    /// Share of sends accepted and then never answered.
    public var timeoutRate: Double
    /// Share of sends accepted and then answered by closing the connection.
    public var dropRate: Double
    /// False makes every call with this number's token fail with 190 (expired token).
    public var tokenValid: Bool
    /// `GREEN`, `YELLOW`, `RED` or `UNKNOWN`, as `GET /{phone-number-id}` reports it.
    public var qualityRating: String = "GREEN"
    /// What Meta lets the number's account do (reference section 8, item 15: account blocks as scenarios).
    public var accountState: AccountState = .active
    /// Management (non-messaging) Graph calls allowed per rolling hour on the number's WABA before 80007.
    public var managementCallsPerHour: Int = 5000
    /// A number in Meta's test mode may only message these wa_ids (131030 for others); nil allows everyone.
    public var allowedRecipients: Set<String>? = nil
    /// Also report each 130429 refusal as a `value.errors` webhook (Meta does so for some throughput errors).
    public var throughputErrorWebhook = false

    /// The account-level scenarios a number can be put in.
    public enum AccountState: String, Sendable, Hashable {
        case active
        /// Business-initiated messaging restricted: template sends answer 368.
        case restricted
        /// Account locked: every send answers 131031.
        case locked
    }

    public init(
        throughput: Double = 80, tier: Int? = nil, latencyMilliseconds: ClosedRange<Int> = 0...0, errorRate5xx: Double = 0,
        timeoutRate: Double = 0, dropRate: Double = 0, tokenValid: Bool = true
    ) {
        self.throughput = throughput
        self.tier = tier
        self.latencyMilliseconds = latencyMilliseconds
        self.errorRate5xx = errorRate5xx
        self.timeoutRate = timeoutRate
        self.dropRate = dropRate
        self.tokenValid = tokenValid
    }

    /// Meta's tier name for the number's limit.
    var tierName: String {
        switch tier {
        case nil: "TIER_UNLIMITED"
        case 250: "TIER_250"
        case 1000: "TIER_1K"
        case 2000: "TIER_2K"
        case 10000: "TIER_10K"
        case 100_000: "TIER_100K"
        case let value?: "TIER_\(value)"
        }
    }

    /// `throughput.level` as Meta reports it.
    var throughputLevel: String {
        throughput >= 1000 ? "HIGH" : (throughput <= 20 ? "COEXISTENCE" : "STANDARD")
    }
}
