/// One problem with one field of an input, reported back to the user next to that field.
public struct ValidationIssue: Sendable, Equatable, Codable {
    /// The input field, as named in the API (snake_case) and in the form.
    public let field: String
    /// A message key from the language catalogues, e.g. `error.password.too_short`.
    public let code: String

    public init(field: String, code: String) {
        self.field = field
        self.code = code
    }
}

/// Thrown when an input breaks one or more rules; carries every issue found, not only the first.
public struct ValidationFailure: Error, Sendable, Equatable {
    public let issues: [ValidationIssue]

    public init(_ issues: [ValidationIssue]) { self.issues = issues }
}

/// Collects issues while a validator walks an input, then throws them all at once.
public struct ValidationCollector: Sendable {
    public private(set) var issues: [ValidationIssue] = []

    public init() {}

    public mutating func add(_ field: String, _ code: String) {
        issues.append(ValidationIssue(field: field, code: code))
    }

    /// Throws a `ValidationFailure` when any issue was collected.
    public func check() throws(ValidationFailure) {
        if !issues.isEmpty { throw ValidationFailure(issues) }
    }
}
