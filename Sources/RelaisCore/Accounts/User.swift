import Foundation

/// A person who logs into Relais on behalf of one company.
public struct User: Sendable, Equatable {
    public let id: UserID
    public let tenant: TenantID
    public var name: String
    public var email: EmailAddress
    public var role: Role
    public var language: Language
    /// False for an invited user who has not set a password yet.
    public var hasPassword: Bool
    public let createdAt: Date

    public init(
        id: UserID, tenant: TenantID, name: String, email: EmailAddress, role: Role, language: Language,
        hasPassword: Bool, createdAt: Date
    ) {
        self.id = id
        self.tenant = tenant
        self.name = name
        self.email = email
        self.role = role
        self.language = language
        self.hasPassword = hasPassword
        self.createdAt = createdAt
    }
}
