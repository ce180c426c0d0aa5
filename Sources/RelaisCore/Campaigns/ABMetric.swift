/// What an A/B test compares its variants on; each is a rate of successes over trials.
public enum ABMetric: String, Sendable, Codable, CaseIterable {
    case readRate = "read_rate"
    case replyRate = "reply_rate"
    case clickRate = "click_rate"
    case deliveryRate = "delivery_rate"
}
