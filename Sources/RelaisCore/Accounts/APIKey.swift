import Foundation

/// A key for programmatic access to one company's API, as lists show it: never its secret.
///
/// A key acts for the admin who created it, with its own role, and never above that person's current role.
public struct APIKey: Sendable, Equatable {
    public let id: UUID
    public let name: String
    public let role: Role
    /// The public start of the key (`rls_<prefix>_…`), so people can tell their keys apart.
    public let prefix: String
    public let createdBy: UserID
    /// The creator's name at read time.
    public let createdByName: String?
    public let createdAt: Date
    public let lastUsedAt: Date?
    public let revokedAt: Date?

    public init(
        id: UUID, name: String, role: Role, prefix: String, createdBy: UserID, createdByName: String?, createdAt: Date, lastUsedAt: Date?,
        revokedAt: Date?
    ) {
        self.id = id
        self.name = name
        self.role = role
        self.prefix = prefix
        self.createdBy = createdBy
        self.createdByName = createdByName
        self.createdAt = createdAt
        self.lastUsedAt = lastUsedAt
        self.revokedAt = revokedAt
    }
}
