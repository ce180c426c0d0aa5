/// Where an outbound message stands. Stored as its raw value.
///
/// Statuses only move up in `rank`: webhooks arrive out of order and more than once,
/// so a late `delivered` never replaces `read`, and `failed` (final) is kept with its error.
public enum MessageStatus: String, Sendable, Codable, CaseIterable {
    case queued
    case sending
    /// The request left but no answer came back (timeout, lost connection); a webhook will settle it.
    case uncertain
    case sent
    case delivered
    case read
    case failed
    /// Never sent, on purpose: a campaign message with nothing to send (deleted contact, a field without value
    /// or fallback) or whose campaign was cancelled first. Final, like `failed`.
    case skipped

    public var rank: Int {
        switch self {
        case .queued: 0
        case .sending, .uncertain: 1
        case .sent: 2
        case .delivered: 3
        case .read: 4
        case .failed, .skipped: 5
        }
    }

    /// The status after `incoming` arrives for a message that is `self`.
    public func applying(_ incoming: MessageStatus) -> MessageStatus {
        incoming.rank > rank ? incoming : self
    }
}
