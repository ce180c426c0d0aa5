import Foundation
import PostgresNIO
import RelaisCore

/// Who a request belongs to, read in one round trip.
public struct AuthenticatedSession: Sendable {
    public let user: User
    public let company: Company
    public let session: UUID
}

extension Database {
    /// The user and company behind an access token whose session is still open; nil otherwise.
    /// One statement (`relais_authenticate`) sets the tenant and reads under row-level security.
    public func authenticate(tenant: TenantID, user: UserID, session: UUID) async throws -> AuthenticatedSession? {
        let rows = try await client.query(
            "SELECT * FROM relais_authenticate(\(tenant.rawValue), \(user.rawValue), \(session))", logger: logger)
        for try await columns in rows.decode(Columns.self) { return Self.make(tenant: tenant, session: session, columns) }
        return nil
    }

    /// The same for a browser's session cookie (by its digest).
    public func authenticate(tenant: TenantID, cookieDigest: String) async throws -> AuthenticatedSession? {
        let rows = try await client.query("SELECT * FROM relais_authenticate_cookie(\(tenant.rawValue), \(cookieDigest))", logger: logger)
        for try await (session, c0, c1, c2, c3, c4, c5, c6, c7, c8, c9, c10, c11) in rows.decode(
            (UUID, UUID, String, String, String, String, Bool, Date, String, String, String, [String], Date).self)
        {
            return Self.make(tenant: tenant, session: session, (c0, c1, c2, c3, c4, c5, c6, c7, c8, c9, c10, c11))
        }
        return nil
    }

    /// user id, name, email, role, language, has password, created; company name, country, time zone, keywords, created.
    private typealias Columns = (UUID, String, String, String, String, Bool, Date, String, String, String, [String], Date)

    private static func make(tenant: TenantID, session: UUID, _ c: Columns) -> AuthenticatedSession? {
        guard let email = EmailAddress(c.2), let role = Role(rawValue: c.3), let language = Language(rawValue: c.4) else { return nil }
        let user = User(id: UserID(c.0), tenant: tenant, name: c.1, email: email, role: role, language: language, hasPassword: c.5, createdAt: c.6)
        let company = Company(id: tenant, name: c.7, defaultCountry: c.8, timezone: c.9, optOutKeywords: c.10, createdAt: c.11)
        return AuthenticatedSession(user: user, company: company, session: session)
    }
}
