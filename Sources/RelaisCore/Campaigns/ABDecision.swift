/// The outcome of an A/B test: the winning variant and the statistics behind it, for the report.
public struct ABDecision: Sendable, Equatable {
    /// Why this variant won.
    public enum Reason: String, Sendable {
        /// The best variant beats the second best at the requested confidence.
        case significant
        /// The difference is not significant; the fallback chose.
        case notSignificantFallback = "not_significant_fallback"
        /// Fewer than two variants have measured messages; the fallback chose.
        case noData = "no_data"
    }

    /// Index of the winning variant in the results given.
    public let winner: Int
    public let reason: Reason
    /// Pooled two-proportion z statistic of the best variant against the second best (0 without data).
    public let zScore: Double
    /// Two-sided p-value of `zScore` (1 without data).
    public let pValue: Double
    /// The confidence level the decision was made at (e.g. 0.95).
    public let confidence: Double

    public init(winner: Int, reason: Reason, zScore: Double, pValue: Double, confidence: Double) {
        self.winner = winner
        self.reason = reason
        self.zScore = zScore
        self.pValue = pValue
        self.confidence = confidence
    }
}
