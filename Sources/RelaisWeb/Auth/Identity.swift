import Foundation
import RelaisCore

/// Who is calling: a user of a company, through one of their sessions.
public struct Identity: Sendable {
    public enum Channel: Sendable {
        /// `Authorization: Bearer <access token>`.
        case bearer
        /// The browser's session cookie (state-changing requests need the CSRF token too).
        case cookie
    }

    public let user: User
    public let company: Company
    public let session: UUID
    public let channel: Channel

    public var tenant: TenantID { user.tenant }

    /// Throws a 403 problem unless the user's role holds `permission` (PermissionMatrix decides).
    public func require(_ permission: Permission) throws {
        guard PermissionMatrix.allows(user.role, permission) else { throw Problem.forbidden() }
    }
}
