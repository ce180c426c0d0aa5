/// The text that fills one template parameter: fixed text mixed with field tokens, e.g. `"Bonjour {first_name|client}"`.
///
/// Grammar: a token is `{field}` or `{field|fallback}`; a field is `[A-Za-z_][A-Za-z0-9_.]*`; a fallback is one or more
/// characters other than `}`. Any other `{` is an error, so a mistake shows when the campaign is saved rather than as a
/// literal brace in thousands of messages. A `}` outside a token is plain text, and `{{` has no special meaning.
public struct VariableExpression: Sendable, Equatable {
    /// The longest expression accepted, in characters; a template parameter is far shorter, this only bounds the work.
    public static let maximumLength = 1024

    /// The expression as the user wrote it.
    public let source: String
    private let segments: [Segment]

    private enum Segment: Sendable, Equatable {
        case text(String)
        case token(field: String, fallback: String?)
    }

    /// Parses `source`, or throws the first mistake found, with its position. `limit` is the longest source allowed
    /// (a template parameter by default; a free-form message may be as long as WhatsApp's 4,096-character text).
    public init(parsing source: String, limit: Int = VariableExpression.maximumLength) throws(VariableExpressionError) {
        // Checked before parsing so an oversized paste costs one pass and no allocation per token.
        guard source.count <= limit else { throw .tooLong(limit: limit) }
        self.source = source
        self.segments = try Self.parse(Array(source))
    }

    /// The fields the expression reads, each once, in order of first use.
    public var fields: [String] {
        var seen: [String] = []
        for case .token(let field, _) in segments where !seen.contains(field) { seen.append(field) }
        return seen
    }

    /// The text for one recipient; a token without value uses its fallback, or is left empty and reported as missing.
    public func render(_ fields: RecipientFields) -> VariableRendering {
        var text = ""
        var usedFallback = false
        var missing: [String] = []
        for segment in segments {
            switch segment {
            case .text(let literal):
                text += literal
            case .token(let field, let fallback):
                if let value = fields.value(of: field) {
                    text += value
                } else if let fallback {
                    text += fallback
                    usedFallback = true
                } else if !missing.contains(field) {
                    missing.append(field)
                }
            }
        }
        return VariableRendering(text: text, usedFallback: usedFallback, missingFields: missing)
    }

    private static func parse(_ characters: [Character]) throws(VariableExpressionError) -> [Segment] {
        var segments: [Segment] = []
        var literal = ""
        var index = 0
        while index < characters.count {
            guard characters[index] == "{" else {
                literal.append(characters[index])
                index += 1
                continue
            }
            if !literal.isEmpty { segments.append(.text(literal)) }
            literal = ""
            let (token, next) = try parseToken(characters, openingAt: index)
            segments.append(token)
            index = next
        }
        if !literal.isEmpty { segments.append(.text(literal)) }
        return segments
    }

    /// Reads the token whose `{` is at `open`; returns it and the index just after its `}`.
    private static func parseToken(_ characters: [Character], openingAt open: Int) throws(VariableExpressionError) -> (Segment, Int) {
        var index = open + 1
        guard index < characters.count else { throw .unclosedBrace(at: open) }
        guard isFieldStart(characters[index]) else { throw .invalidToken(at: open) }
        while index < characters.count, isFieldContinuation(characters[index]) { index += 1 }
        let field = String(characters[(open + 1)..<index])
        // `attr.` alone names no attribute: it could never have a value, so it is a mistake, not a field.
        guard RecipientFields.attributeKey(of: field) != "" else { throw .invalidToken(at: open) }
        guard index < characters.count else { throw .unclosedBrace(at: open) }
        switch characters[index] {
        case "}":
            return (.token(field: field, fallback: nil), index + 1)
        case "|":
            let fallbackStart = index + 1
            guard let close = characters[fallbackStart...].firstIndex(of: "}") else { throw .unclosedBrace(at: open) }
            guard close > fallbackStart else { throw .emptyFallback(at: open) }
            return (.token(field: field, fallback: String(characters[fallbackStart..<close])), close + 1)
        default:
            throw .invalidToken(at: open)
        }
    }

    private static func isFieldStart(_ character: Character) -> Bool {
        character == "_" || (character.isASCII && character.isLetter)
    }

    private static func isFieldContinuation(_ character: Character) -> Bool {
        isFieldStart(character) || character == "." || (character.isASCII && character.isNumber)
    }
}
