/// The rules a new password must meet.
public enum PasswordPolicy {
    public static let minimumLength = 10
    /// An upper bound keeps hashing cost bounded for hostile inputs.
    public static let maximumLength = 256

    /// The message code of the first rule `password` breaks, or nil when it is acceptable.
    public static func violation(of password: String) -> String? {
        if password.count < minimumLength { return "error.password.too_short" }
        if password.count > maximumLength { return "error.password.too_long" }
        if password.allSatisfy({ $0.isWhitespace }) { return "error.password.blank" }
        return nil
    }
}
