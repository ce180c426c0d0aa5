/// A campaign's template parameters filled in for one recipient, ready to be sent (or skipped).
public struct RenderedContent: Sendable, Equatable {
    public let header: [String]
    public let body: [String]
    public let buttons: [String]
    /// Whether any parameter used a fallback (counted in the campaign's report).
    public let usedFallback: Bool
    /// Fields with neither value nor fallback, each once, in order; non-empty → this recipient is skipped.
    public let missingFields: [String]

    public init(header: [String], body: [String], buttons: [String], usedFallback: Bool, missingFields: [String]) {
        self.header = header
        self.body = body
        self.buttons = buttons
        self.usedFallback = usedFallback
        self.missingFields = missingFields
    }

    /// Whether the message can go out: no field is missing and no parameter is blank, since Meta rejects empty
    /// parameters and a half-empty greeting is worse than no message.
    public var isSendable: Bool {
        missingFields.isEmpty && (header + body + buttons).allSatisfy { !$0.trimmingWhitespace().isEmpty }
    }
}
