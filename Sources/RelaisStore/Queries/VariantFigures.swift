import RelaisCore

/// One A/B variant's messages of a run: how many left, and how many of those were delivered, read, replied to,
/// or had a quick-reply button tapped.
public struct VariantFigures: Sendable, Equatable {
    public var sent: Int
    public var delivered: Int
    public var read: Int
    public var replied: Int
    public var clicked: Int

    public init(sent: Int, delivered: Int, read: Int, replied: Int, clicked: Int) {
        (self.sent, self.delivered, self.read, self.replied, self.clicked) = (sent, delivered, read, replied, clicked)
    }

    /// The variant's trials (messages sent) and successes for `metric`, as the decision and the campaign page count them.
    public func result(for metric: ABMetric) -> ABVariantResult {
        let successes =
            switch metric {
            case .readRate: read
            case .replyRate: replied
            case .clickRate: clicked
            case .deliveryRate: delivered
            }
        return ABVariantResult(trials: sent, successes: successes)
    }
}
