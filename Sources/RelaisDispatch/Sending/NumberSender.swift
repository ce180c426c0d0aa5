import Foundation
import RelaisCore
import RelaisStore
import WhatsAppCloud

/// The number a loop sends from, with its opened token and its messaging-tier cap.
struct NumberSender: Sendable {
    let number: ConnectedNumber
    let accessToken: String

    var phoneNumberID: String { number.phoneNumberID }
    var throughput: Int { number.throughput }

    /// Unique recipients per rolling 24 h Meta allows (`TIER_1K` → 1,000); nil when unlimited.
    var tierCap: Int? { MessagingTier.limit(number.tier) }
}

/// What a send loop keeps between rounds.
struct LoopState: Sendable {
    var sender: NumberSender
    var pacer: SendPacer
    /// Unique recipients over the last 24 h (refreshed from the database, advanced as we send).
    var tierUsed = 0
    /// Until when the number must not send marketing (131048: its limit or quality cap was hit).
    var holdUntil: ContinuousClock.Instant?
    /// Contents by campaign, resolved against the number's templates (cleared every few seconds).
    var contents: [UUID: CampaignBundle] = [:]
    /// When each recent recipient was last sent a message (the pair rate limit: one per 6 s).
    var recentRecipients: [String: ContinuousClock.Instant] = [:]
    /// Set when the number can no longer send (token refused): the loop ends after the round.
    var stopLoop = false
}

/// A campaign as its messages need it: its contents by variant, its send window and time zone.
struct CampaignBundle: Sendable {
    let contents: [ResolvedContent]
    let window: SendWindow?
    let timeZone: String?

    /// The content of `variant` (0, or 1…n of an A/B test).
    func content(variant: Int) -> ResolvedContent? {
        contents.indices.contains(max(variant - 1, 0)) ? contents[max(variant - 1, 0)] : nil
    }
}
