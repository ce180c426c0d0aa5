import Foundation
import RelaisCore

/// What a successful sign-up, login, refresh or invitation acceptance hands back.
struct SessionGrant: Sendable {
    let user: User
    let company: Company
    let session: UUID
    /// For API clients: a JWT access token and a rotating refresh token.
    let accessToken: String?
    let refreshToken: String?
    /// For browsers: the opaque session cookie value.
    let cookieToken: String?
}

/// Where a session is being opened from, for the session row and the audit log.
struct ClientInfo: Sendable {
    let ip: String?
    let userAgent: String?
    let requestID: String
    /// Browser sessions get a cookie; API sessions get tokens.
    let browser: Bool
}
