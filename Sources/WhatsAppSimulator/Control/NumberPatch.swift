/// Body of `POST /__sim/numbers` and `PATCH /__sim/numbers/{id}`; absent fields keep their value.
struct NumberPatch: Decodable, Sendable {
    var displayPhoneNumber: String?
    var verifiedName: String?
    var throughput: Double?
    /// Outer optional: field present; inner `nil`: JSON `null` (unlimited).
    var tier: Int??
    var latencyMilliseconds: [Int]?
    var errorRate5xx: Double?
    var timeoutRate: Double?
    var dropRate: Double?
    var tokenValid: Bool?
    var qualityRating: String?
    var accountState: NumberBehavior.AccountState?
    var managementCallsPerHour: Int?
    var throughputErrorWebhook: Bool?
    /// Outer optional: field present; inner `nil`: JSON `null` (everyone allowed).
    var allowedRecipients: [String]??

    enum CodingKeys: String, CodingKey {
        case displayPhoneNumber = "display_phone_number", verifiedName = "verified_name", throughput, tier
        case latencyMilliseconds = "latency_ms", errorRate5xx = "error_rate_5xx", timeoutRate = "timeout_rate"
        case dropRate = "drop_rate", tokenValid = "token_valid", qualityRating = "quality_rating", accountState = "account_state"
        case managementCallsPerHour = "management_calls_per_hour", throughputErrorWebhook = "throughput_error_webhook"
        case allowedRecipients = "allowed_recipients"
    }

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        displayPhoneNumber = try container.decodeIfPresent(String.self, forKey: .displayPhoneNumber)
        verifiedName = try container.decodeIfPresent(String.self, forKey: .verifiedName)
        throughput = try container.decodeIfPresent(Double.self, forKey: .throughput)
        if container.contains(.tier) {
            tier = .some(try container.decodeNil(forKey: .tier) ? nil : try container.decode(Int.self, forKey: .tier))
        }
        if let latency = try? container.decodeIfPresent(Int.self, forKey: .latencyMilliseconds) {
            latencyMilliseconds = [latency, latency]
        } else {
            latencyMilliseconds = try container.decodeIfPresent([Int].self, forKey: .latencyMilliseconds)
        }
        errorRate5xx = try container.decodeIfPresent(Double.self, forKey: .errorRate5xx)
        timeoutRate = try container.decodeIfPresent(Double.self, forKey: .timeoutRate)
        dropRate = try container.decodeIfPresent(Double.self, forKey: .dropRate)
        tokenValid = try container.decodeIfPresent(Bool.self, forKey: .tokenValid)
        qualityRating = try container.decodeIfPresent(String.self, forKey: .qualityRating)?.uppercased()
        if let rating = qualityRating, !["GREEN", "YELLOW", "RED", "UNKNOWN"].contains(rating) {
            throw DecodingError.dataCorruptedError(forKey: .qualityRating, in: container, debugDescription: "GREEN, YELLOW, RED or UNKNOWN")
        }
        if let state = try container.decodeIfPresent(String.self, forKey: .accountState) {
            guard let parsed = NumberBehavior.AccountState(rawValue: state) else {
                throw DecodingError.dataCorruptedError(forKey: .accountState, in: container, debugDescription: "active, restricted or locked")
            }
            accountState = parsed
        }
        managementCallsPerHour = try container.decodeIfPresent(Int.self, forKey: .managementCallsPerHour)
        throughputErrorWebhook = try container.decodeIfPresent(Bool.self, forKey: .throughputErrorWebhook)
        if container.contains(.allowedRecipients) {
            allowedRecipients = .some(try container.decodeNil(forKey: .allowedRecipients) ? nil : try container.decode([String].self, forKey: .allowedRecipients))
        }
    }

    /// Applies the present fields.
    func apply(to behavior: inout NumberBehavior) {
        if let throughput { behavior.throughput = max(throughput, 0) }
        if let tier { behavior.tier = tier }
        if let latency = latencyMilliseconds, let low = latency.first {
            let high = latency.count > 1 ? latency[1] : low
            behavior.latencyMilliseconds = max(0, min(low, high))...max(0, low, high)
        }
        if let errorRate5xx { behavior.errorRate5xx = errorRate5xx }
        if let timeoutRate { behavior.timeoutRate = timeoutRate }
        if let dropRate { behavior.dropRate = dropRate }
        if let tokenValid { behavior.tokenValid = tokenValid }
        if let qualityRating { behavior.qualityRating = qualityRating }
        if let accountState { behavior.accountState = accountState }
        if let managementCallsPerHour { behavior.managementCallsPerHour = max(managementCallsPerHour, 0) }
        if let throughputErrorWebhook { behavior.throughputErrorWebhook = throughputErrorWebhook }
        if let allowedRecipients { behavior.allowedRecipients = allowedRecipients.map { Set($0.map(SimulatorState.digits)) } }
    }
}
