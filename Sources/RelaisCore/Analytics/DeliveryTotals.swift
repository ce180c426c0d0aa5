/// Counts of messages by how far they got, and the rates the issue defines:
/// delivery = delivered / sent, read = read / delivered, reply = replied / delivered, failure = failed / messages.
///
/// "Sent" counts every message that reached at least `sent` (sent, delivered or read), "delivered" those that
/// reached at least `delivered`: a message's row holds its highest status only, so a read message counts in all
/// three steps of the funnel. A rate whose denominator is zero is `nil` (shown as "—"), never NaN.
public struct DeliveryTotals: Sendable, Equatable, Codable {
    /// Every message, whatever its status.
    public var messages = 0
    /// Not settled yet: queued, sending or uncertain.
    public var pending = 0
    public var sent = 0
    public var delivered = 0
    public var read = 0
    public var failed = 0
    public var skipped = 0
    public var replied = 0
    public var optedOut = 0

    public init() {}

    /// Adds one rollup row.
    public mutating func add(_ bucket: StatBucket) {
        let count = bucket.messages
        messages += count
        switch bucket.status {
        case .queued, .sending, .uncertain: pending += count
        case .sent: sent += count
        case .delivered:
            sent += count
            delivered += count
        case .read:
            sent += count
            delivered += count
            read += count
        case .failed: failed += count
        case .skipped: skipped += count
        }
        replied += bucket.replied
        optedOut += bucket.optedOut
    }

    /// `numerator / denominator`, or nil when nothing was measured.
    public static func rate(_ numerator: Int, _ denominator: Int) -> Double? {
        denominator > 0 ? Double(numerator) / Double(denominator) : nil
    }

    public var deliveryRate: Double? { Self.rate(delivered, sent) }
    public var readRate: Double? { Self.rate(read, delivered) }
    public var replyRate: Double? { Self.rate(replied, delivered) }
    public var failureRate: Double? { Self.rate(failed, messages) }
}
