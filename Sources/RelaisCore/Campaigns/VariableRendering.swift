/// One expression filled in for one recipient.
public struct VariableRendering: Sendable, Equatable {
    /// The text with every token replaced (by the value, the fallback, or nothing when both are missing).
    public let text: String
    /// Whether at least one token used its fallback because the recipient had no value.
    public let usedFallback: Bool
    /// Fields with neither a value nor a fallback, each once, in order; when non-empty the message must be skipped.
    public let missingFields: [String]

    public init(text: String, usedFallback: Bool, missingFields: [String]) {
        self.text = text
        self.usedFallback = usedFallback
        self.missingFields = missingFields
    }
}
