import Foundation

/// One simulated business phone number: identity, behaviour and the limiter state Meta keeps for it.
struct SimulatedNumber: Sendable {
    let phoneNumberID: String
    let wabaID: String
    let accessToken: String
    /// Digits only, as webhooks' `metadata.display_phone_number` carries it.
    var displayDigits: String
    var verifiedName: String
    var behavior: NumberBehavior
    var bucket: TokenBucket
    var pairs: [String: PairRateLimiter] = [:]
    /// Unique business-initiated recipients and when each was first counted (rolling 24 h tier cap).
    var tierRecipients: [String: Date] = [:]
    /// Last inbound message per user: an open 24 h customer-service window.
    var lastInbound: [String: Date] = [:]
    /// Users who stopped marketing messages from this business (`user_preferences`): marketing fails 131050.
    var marketingStopped: Set<String> = []
    /// Times of the management calls made on this number's WABA in the last hour (80007 budget).
    var managementCalls: [Date] = []

    /// The identity fields, copied without the limiter dictionaries (holding a whole copy while mutating the
    /// stored number would force copy-on-write of those dictionaries on every send).
    var identity: NumberIdentity {
        NumberIdentity(phoneNumberID: phoneNumberID, wabaID: wabaID, displayDigits: displayDigits)
    }

    /// `+1 555-078-3881` style for `display_phone_number` of the Graph API.
    var formattedDisplayNumber: String {
        let digits = Array(displayDigits)
        if digits.count == 11, digits.first == "1" {
            return "+1 \(String(digits[1...3]))-\(String(digits[4...6]))-\(String(digits[7...]))"
        }
        guard digits.count > 4 else { return "+" + displayDigits }
        return "+\(String(digits[0..<2])) \(String(digits[2...]))"
    }

    /// True when the user wrote within the last 24 h.
    func windowOpen(for user: String, now: Date) -> Bool {
        guard let last = lastInbound[user] else { return false }
        return now.timeIntervalSince(last) < 86_400
    }

    /// Counts `recipient` against the tier; false when a new recipient would exceed it.
    mutating func admitToTier(_ recipient: String, now: Date) -> Bool {
        guard let tier = behavior.tier else { return true }
        if let first = tierRecipients[recipient], now.timeIntervalSince(first) < 86_400 { return true }
        if tierRecipients.count >= tier {
            tierRecipients = tierRecipients.filter { now.timeIntervalSince($0.value) < 86_400 }
            if tierRecipients.count >= tier { return false }
        }
        tierRecipients[recipient] = now
        return true
    }
}
