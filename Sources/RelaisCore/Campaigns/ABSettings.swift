import Foundation

/// An A/B test of a campaign: variants tried on a share of the audience, the winner sent to the rest.
public struct ABSettings: Sendable, Equatable, Codable {
    /// 2 to 5 contents; variant numbers are their positions plus one (0 means "not in the test").
    public var variants: [CampaignContent]
    /// Share of the audience in the test, split evenly between the variants (0.05 … 0.5).
    public var testShare: Double
    public var metric: ABMetric
    /// How long after the test starts the winner is chosen.
    public var decisionHours: Double
    /// Confidence required to call the difference significant (0.8 … 0.999).
    public var confidence: Double
    public var fallback: ABFallback

    public init(
        variants: [CampaignContent], testShare: Double, metric: ABMetric, decisionHours: Double, confidence: Double = 0.95,
        fallback: ABFallback = .highestRate
    ) {
        self.variants = variants
        self.testShare = testShare
        self.metric = metric
        self.decisionHours = decisionHours
        self.confidence = confidence
        self.fallback = fallback
    }

    public static let variantRange = 2...5
    public static let shareRange = 0.05...0.5
    public static let confidenceRange = 0.8...0.999
    public static let decisionHoursRange = 0.01...168.0

    /// The rules every A/B test must follow; fields as the API names them.
    public func issues() -> [ValidationIssue] {
        var issues = ValidationCollector()
        if !Self.variantRange.contains(variants.count) { issues.add("ab.variants", "error.ab.variant_count") }
        if !Self.shareRange.contains(testShare) { issues.add("ab.test_share", "error.ab.test_share") }
        if !Self.confidenceRange.contains(confidence) { issues.add("ab.confidence", "error.ab.confidence") }
        if !Self.decisionHoursRange.contains(decisionHours) { issues.add("ab.decision_hours", "error.ab.decision_hours") }
        for (index, variant) in variants.enumerated() {
            for issue in variant.validate() {
                issues.add("ab.variants.\(index)." + issue.field, issue.code)
            }
        }
        return issues.issues
    }

    enum CodingKeys: String, CodingKey {
        case variants
        case testShare = "test_share"
        case metric
        case decisionHours = "decision_hours"
        case confidence, fallback
    }
}
