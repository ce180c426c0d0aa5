import Foundation
import PostgresNIO
import RelaisCore

extension TenantConnection {
    /// Stores the digest of a one-time set-password link. Changes: one `invitations` row.
    public func insertInvitation(digest: String, user: UserID, expiresAt: Date) async throws {
        try await run(
            """
            INSERT INTO invitations (tenant_id, token_hash, user_id, expires_at)
            VALUES (\(tenant.rawValue), \(digest), \(user.rawValue), \(expiresAt))
            """)
    }

    /// Returns the invited user when the link is live, without spending it (for showing the form).
    public func invitedUser(digest: String) async throws -> UserID? {
        let rows = try await run(
            """
            SELECT user_id FROM invitations
            WHERE tenant_id = \(tenant.rawValue) AND token_hash = \(digest) AND used_at IS NULL AND expires_at > now()
            """)
        for try await id in rows.decode(UUID.self) { return UserID(id) }
        return nil
    }

    /// Spends a live link and returns its user; nil when unknown, used or expired. Changes: the invitation row.
    public func spendInvitation(digest: String) async throws -> UserID? {
        let rows = try await run(
            """
            UPDATE invitations SET used_at = now()
            WHERE tenant_id = \(tenant.rawValue) AND token_hash = \(digest) AND used_at IS NULL AND expires_at > now()
            RETURNING user_id
            """)
        for try await id in rows.decode(UUID.self) { return UserID(id) }
        return nil
    }
}
