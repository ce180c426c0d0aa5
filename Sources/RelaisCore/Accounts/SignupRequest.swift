/// A company signing up with its first (admin) user, after validation.
public struct Signup: Sendable {
    public let company: String
    public let name: String
    public let email: EmailAddress
    public let password: String

    /// Longest company or person name we keep; longer input is refused, not cut.
    /// In Unicode scalars, as PostgreSQL's `length()` counts them for the columns' CHECK (a name of 120 graphemes
    /// built from combining marks is far longer, and reached the database as a 500 before schemathesis found it).
    public static let maximumNameLength = 120

    /// Validates raw input, reporting every broken rule at once.
    public static func validate(company: String?, name: String?, email: String?, password: String?) throws(ValidationFailure) -> Signup {
        var issues = ValidationCollector()
        let company = PersonName.clean(company)
        let name = PersonName.clean(name)
        if company.isEmpty { issues.add("company", "error.required") }
        if company.unicodeScalars.count > maximumNameLength { issues.add("company", "error.too_long") }
        if name.isEmpty { issues.add("name", "error.required") }
        if name.unicodeScalars.count > maximumNameLength { issues.add("name", "error.too_long") }
        let address = email.flatMap(EmailAddress.init)
        if email?.isEmpty ?? true { issues.add("email", "error.required") } else if address == nil { issues.add("email", "error.email.invalid") }
        if let password { if let code = PasswordPolicy.violation(of: password) { issues.add("password", code) } } else { issues.add("password", "error.required") }
        try issues.check()
        return Signup(company: company, name: name, email: address!, password: password!)
    }
}

/// Normalises names typed by people: trims, folds inner runs of whitespace, drops control characters.
public enum PersonName {
    public static func clean(_ raw: String?) -> String {
        guard let raw else { return "" }
        let kept = raw.unicodeScalars.filter { !$0.properties.generalCategory.isControl }
        return String(String.UnicodeScalarView(kept)).split(whereSeparator: { $0.isWhitespace }).joined(separator: " ")
    }
}

extension Unicode.GeneralCategory {
    fileprivate var isControl: Bool {
        switch self {
        case .control, .format, .lineSeparator, .paragraphSeparator: true
        default: false
        }
    }
}
