import Foundation

/// Where a template's media header comes from: a file the company uploaded to Relais (the expression
/// `media:<id>`), or a public HTTPS link, itself an expression (`https://…`, `{attr.photo}`).
public enum MediaHeaderSource: Sendable, Equatable {
    case upload(UUID)
    case link(String)

    public static let uploadPrefix = "media:"

    public init(expression: String) {
        let trimmed = expression.trimmingCharacters(in: .whitespaces)
        if trimmed.hasPrefix(Self.uploadPrefix), let id = UUID(uuidString: String(trimmed.dropFirst(Self.uploadPrefix.count))) {
            self = .upload(id)
        } else {
            self = .link(expression)
        }
    }

    /// The expression that names an uploaded file.
    public static func expression(for id: UUID) -> String { uploadPrefix + id.uuidString.lowercased() }
}
