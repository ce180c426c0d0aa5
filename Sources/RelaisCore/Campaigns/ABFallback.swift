/// Which variant wins when the test cannot tell them apart (not significant, or not enough data).
public enum ABFallback: String, Sendable, Codable, CaseIterable {
    /// The variant with the best rate anyway: a small edge is better than none.
    case highestRate = "highest_rate"
    /// Variant 0, usually the control: change only on evidence.
    case firstVariant = "first_variant"
}
