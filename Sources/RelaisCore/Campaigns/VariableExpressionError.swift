/// Why a variable expression was refused when it was saved. Positions count characters (as the user sees them) from 0.
public enum VariableExpressionError: Error, Sendable, Equatable {
    /// A `{` at this position opens a token that never closes.
    case unclosedBrace(at: Int)
    /// The `{` at this position is not followed by a field name and then `}` or `|`.
    case invalidToken(at: Int)
    /// The token opened at this position has a `|` with nothing after it; write the fallback text or drop the `|`.
    case emptyFallback(at: Int)
    /// The expression is longer than the limit, in characters.
    case tooLong(limit: Int)

    /// The message key shown next to the field, from the language catalogues.
    public var code: String {
        switch self {
        case .unclosedBrace: "error.variable.unclosed"
        case .invalidToken: "error.variable.invalid"
        case .emptyFallback: "error.variable.empty_fallback"
        case .tooLong: "error.variable.too_long"
        }
    }
}
