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
        // The hottest statement of the API: prepared once per connection, then only bound and executed; behind a
        // transaction pooler, the same SQL and bindings as an unnamed statement (parsed each time, in one round trip).
        let statement = AuthenticateStatement(tenant: tenant.rawValue, user: user.rawValue, session: session)
        guard usesPreparedStatements else {
            let rows = try await client.query(PostgresQuery(unsafeSQL: AuthenticateStatement.sql, binds: try statement.makeBindings()), logger: logger)
            for try await columns in rows.decode(Columns.self) { return Self.make(tenant: tenant, session: session, columns) }
            return nil
        }
        let rows = try await client.execute(statement, logger: logger)
        for try await columns in rows { return Self.make(tenant: tenant, session: session, columns) }
        return nil
    }

    /// The same for a browser's session cookie (by its digest).
    public func authenticate(tenant: TenantID, cookieDigest: String) async throws -> AuthenticatedSession? {
        let rows = try await client.query("SELECT * FROM relais_authenticate_cookie(\(tenant.rawValue), \(cookieDigest))", logger: logger)
        for try await (session, c0, c1, c2, c3, c4, c5, c6, c7, c8, c9, c10, c11, c12) in rows.decode(
            (UUID, UUID, String, String, String, String, Bool, Date, String, String, String, [String], Date, Int).self)
        {
            return Self.make(tenant: tenant, session: session, (c0, c1, c2, c3, c4, c5, c6, c7, c8, c9, c10, c11, c12))
        }
        return nil
    }

    /// user id, name, email, role, language, has password, created; company name, country, time zone, keywords, created,
    /// message retention.
    typealias Columns = (UUID, String, String, String, String, Bool, Date, String, String, String, [String], Date, Int)

    static func authenticatedSession(tenant: TenantID, session: UUID, _ c: Columns) -> AuthenticatedSession? {
        make(tenant: tenant, session: session, c)
    }

    private static func make(tenant: TenantID, session: UUID, _ c: Columns) -> AuthenticatedSession? {
        let email = EmailAddress(stored: c.2)
        guard let role = Role(rawValue: c.3), let language = Language(rawValue: c.4) else { return nil }
        let user = User(id: UserID(c.0), tenant: tenant, name: c.1, email: email, role: role, language: language, hasPassword: c.5, createdAt: c.6)
        let company = Company(
            id: tenant, name: c.7, defaultCountry: c.8, timezone: c.9, optOutKeywords: c.10, messageRetentionMonths: c.12, createdAt: c.11)
        return AuthenticatedSession(user: user, company: company, session: session)
    }
}

/// `relais_authenticate` as a prepared statement.
struct AuthenticateStatement: PostgresPreparedStatement {
    typealias Row = Database.Columns

    static let sql = "SELECT * FROM relais_authenticate($1, $2, $3)"
    static let bindingDataTypes: [PostgresDataType] = [.uuid, .uuid, .uuid]

    let tenant: UUID
    let user: UUID
    let session: UUID

    func makeBindings() throws -> PostgresBindings {
        var bindings = PostgresBindings(capacity: 3)
        bindings.append(tenant)
        bindings.append(user)
        bindings.append(session)
        return bindings
    }

    func decodeRow(_ row: PostgresRow) throws -> Row {
        try row.decode(Row.self)
    }
}
