import Foundation
import PostgresNIO
import RelaisCore

/// What presenting a refresh token led to.
public enum RefreshOutcome: Sendable, Equatable {
    /// The token was valid and is now spent; the session goes on with a new token.
    case rotated(session: UUID, user: UserID)
    /// The token had already been spent: someone replayed it, so the whole session was revoked.
    case reused(session: UUID, user: UserID)
    /// Unknown, expired, or its session was closed.
    case invalid
}

extension TenantConnection {
    /// Opens a session for a user who just proved who they are. Changes: one `sessions` row.
    /// `cookieDigest` is set for a browser session, nil for an API session (which uses refresh tokens).
    public func insertSession(_ id: UUID, user: UserID, cookieDigest: String?, ip: String?, userAgent: String?) async throws {
        try await run(
            """
            INSERT INTO sessions (tenant_id, id, user_id, cookie_digest, ip, user_agent)
            VALUES (\(tenant.rawValue), \(id), \(user.rawValue), \(cookieDigest), CAST(\(ip) AS inet),
                    \(userAgent.map { String($0.prefix(300)) }))
            """)
    }

    /// Stores the digest of a new refresh token for a session. Changes: one `refresh_tokens` row.
    public func insertRefreshToken(digest: String, session: UUID, expiresAt: Date) async throws {
        try await run(
            """
            INSERT INTO refresh_tokens (tenant_id, token_hash, session_id, expires_at)
            VALUES (\(tenant.rawValue), \(digest), \(session), \(expiresAt))
            """)
    }

    /// Spends a refresh token: marks it used if it is live, or revokes its session if it was already used.
    /// Changes: the token row, and on reuse the session row.
    public func spendRefreshToken(digest: String) async throws -> RefreshOutcome {
        let rows = try await run(
            """
            SELECT t.session_id, s.user_id, t.used_at IS NOT NULL, t.expires_at > now() AND s.revoked_at IS NULL
            FROM refresh_tokens t JOIN sessions s ON s.tenant_id = t.tenant_id AND s.id = t.session_id
            WHERE t.tenant_id = \(tenant.rawValue) AND t.token_hash = \(digest)
            FOR UPDATE OF t
            """)
        for try await (session, user, used, live) in rows.decode((UUID, UUID, Bool, Bool).self) {
            if used {
                try await revokeSession(session)
                return .reused(session: session, user: UserID(user))
            }
            guard live else { return .invalid }
            try await run(
                "UPDATE refresh_tokens SET used_at = now() WHERE tenant_id = \(tenant.rawValue) AND token_hash = \(digest)")
            try await run("UPDATE sessions SET last_seen_at = now() WHERE tenant_id = \(tenant.rawValue) AND id = \(session)")
            return .rotated(session: session, user: UserID(user))
        }
        return .invalid
    }

    /// Closes a session: its access tokens stop working at once and its refresh tokens die. Changes: one `sessions` row.
    public func revokeSession(_ id: UUID) async throws {
        try await run(
            "UPDATE sessions SET revoked_at = now() WHERE tenant_id = \(tenant.rawValue) AND id = \(id) AND revoked_at IS NULL")
    }
}
