import Foundation
import RelaisCore

/// Who is calling: a user of a company, through one of their sessions.
public struct Identity: Sendable {
    public enum Channel: Sendable {
        /// `Authorization: Bearer <access token>`.
        case bearer
        /// The browser's session cookie (state-changing requests need the CSRF token too).
        case cookie
        /// `Authorization: Bearer rls_…`: an API key. `session` is then the key's id, and the user's role is the
        /// key's role capped at its creator's current role.
        case apiKey
    }

    public let user: User
    public let company: Company
    public let session: UUID
    public let channel: Channel

    public var tenant: TenantID { user.tenant }

    /// Throws a 403 problem for API keys on routes that make no sense for them (sessions, minting keys).
    public func requireSession() throws {
        guard channel != .apiKey else {
            throw Problem(status: .forbidden, code: "api_keys.errors.session_route", detail: "API keys have no session; revoke the key instead.")
        }
    }

    /// Throws a 403 problem unless the user's role holds `permission` (PermissionMatrix decides).
    public func require(_ permission: Permission) throws {
        guard PermissionMatrix.allows(user.role, permission) else { throw Problem.forbidden() }
    }
}
