import Foundation
import PostgresNIO
import RelaisCore

/// Who an email belongs to, found before any tenant is known.
public struct LoginCandidate: Sendable {
    public let tenant: TenantID
    public let user: UserID
    /// nil for an invited user who never set a password (cannot log in yet).
    public let passwordHash: String?
}

extension TenantlessConnection {
    /// Finds the user with this email on the whole platform through `relais_login_lookup`,
    /// the one cross-tenant function the login path may call.
    public func loginCandidate(email: EmailAddress) async throws -> LoginCandidate? {
        let rows = try await run("SELECT tenant_id, user_id, password_hash FROM relais_login_lookup(\(email.value))")
        for try await (tenant, user, hash) in rows.decode((UUID, UUID, String?).self) {
            return LoginCandidate(tenant: TenantID(tenant), user: UserID(user), passwordHash: hash)
        }
        return nil
    }

    /// Counts failed logins for an email digest since `since`. Reads the `(email_digest, at)` index.
    public func loginFailures(emailDigest: String, since: Date) async throws -> Int {
        let rows = try await run(
            "SELECT count(*)::int FROM login_failures WHERE email_digest = \(emailDigest) AND at > \(since)")
        for try await count in rows.decode(Int.self) { return count }
        return 0
    }

    /// Records one failed login; also drops this digest's entries older than a day so the table stays small.
    public func recordLoginFailure(emailDigest: String) async throws {
        try await run("INSERT INTO login_failures (email_digest) VALUES (\(emailDigest))")
        try await run("DELETE FROM login_failures WHERE email_digest = \(emailDigest) AND at < now() - interval '1 day'")
    }

    /// Forgets the failures of an email after a successful login.
    public func clearLoginFailures(emailDigest: String) async throws {
        try await run("DELETE FROM login_failures WHERE email_digest = \(emailDigest)")
    }
}
