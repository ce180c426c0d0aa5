import Foundation
import PostgresNIO
import RelaisCore

extension TenantConnection {
    static let userColumns = "id, name, email, role, language, password_hash IS NOT NULL, created_at"

    /// Inserts a user of this tenant; `passwordHash` is nil for an invitation. Changes: one `users` row.
    /// Throws `uniqueViolation("users_email_key")` when the email is taken anywhere on the platform.
    public func insertUser(id: UserID, name: String, email: EmailAddress, passwordHash: String?, role: Role, language: Language)
        async throws
    {
        try await run(
            """
            INSERT INTO users (tenant_id, id, name, email, password_hash, role, language)
            VALUES (\(tenant.rawValue), \(id.rawValue), \(name), \(email.value), \(passwordHash), \(role.rawValue), \(language.rawValue))
            """)
    }

    /// Returns one user of this tenant, or nil (also for another tenant's id).
    public func user(_ id: UserID) async throws -> User? {
        let rows = try await run(
            "SELECT \(unescaped: Self.userColumns) FROM users WHERE tenant_id = \(tenant.rawValue) AND id = \(id.rawValue)")
        return try await decodeUsers(rows).first
    }

    /// Returns up to `limit` users ordered by creation, after the user `after` when given (cursor paging).
    public func users(limit: Int, after: UserID?) async throws -> [User] {
        let rows = try await run(
            """
            SELECT \(unescaped: Self.userColumns) FROM users
            WHERE tenant_id = \(tenant.rawValue)
              AND (\(after?.rawValue)::uuid IS NULL
                   OR (created_at, id) > (SELECT created_at, id FROM users WHERE tenant_id = \(tenant.rawValue) AND id = \(after?.rawValue)))
            ORDER BY created_at, id LIMIT \(limit)
            """)
        return try await decodeUsers(rows)
    }

    /// Changes a user's role; returns false when no such user. Changes: one `users` row.
    public func updateRole(of id: UserID, to role: Role) async throws -> Bool {
        let rows = try await run(
            """
            UPDATE users SET role = \(role.rawValue), updated_at = now()
            WHERE tenant_id = \(tenant.rawValue) AND id = \(id.rawValue) RETURNING 1
            """)
        for try await _ in rows { return true }
        return false
    }

    /// Changes a user's display name and language. Changes: one `users` row.
    public func updateProfile(of id: UserID, name: String, language: Language) async throws {
        try await run(
            """
            UPDATE users SET name = \(name), language = \(language.rawValue), updated_at = now()
            WHERE tenant_id = \(tenant.rawValue) AND id = \(id.rawValue)
            """)
    }

    /// Sets a user's password hash. Changes: one `users` row.
    public func setPasswordHash(of id: UserID, to hash: String) async throws {
        try await run(
            "UPDATE users SET password_hash = \(hash), updated_at = now() WHERE tenant_id = \(tenant.rawValue) AND id = \(id.rawValue)")
    }

    /// Deletes a user (their sessions and invitations go with them); returns false when no such user.
    public func deleteUser(_ id: UserID) async throws -> Bool {
        let rows = try await run("DELETE FROM users WHERE tenant_id = \(tenant.rawValue) AND id = \(id.rawValue) RETURNING 1")
        for try await _ in rows { return true }
        return false
    }

    /// Returns the ids of this tenant's admins and locks their rows until the transaction ends,
    /// so that two concurrent demotions cannot both pass the "last admin" check.
    public func lockAdmins() async throws -> Set<UserID> {
        let rows = try await run(
            "SELECT id FROM users WHERE tenant_id = \(tenant.rawValue) AND role = 'admin' ORDER BY id FOR UPDATE")
        var ids = Set<UserID>()
        for try await id in rows.decode(UUID.self) { ids.insert(UserID(id)) }
        return ids
    }

    /// Returns the user and company behind an access token, when its session is still open, inside the caller's
    /// transaction: the same `relais_authenticate` every authenticated request calls, so both read the same columns.
    public func authenticatedUser(_ id: UserID, session: UUID) async throws -> (User, Company)? {
        let rows = try await run("SELECT * FROM relais_authenticate(\(tenant.rawValue), \(id.rawValue), \(session))")
        for try await columns in rows.decode(Database.Columns.self) {
            guard let found = Database.authenticatedSession(tenant: tenant, session: session, columns) else { return nil }
            return (found.user, found.company)
        }
        return nil
    }

    private func decodeUsers(_ rows: PostgresRowSequence) async throws -> [User] {
        var users: [User] = []
        for try await (id, name, email, role, language, hasPassword, created) in rows.decode(
            (UUID, String, String, String, String, Bool, Date).self)
        {
            users.append(try makeUser(id, name, email, role, language, hasPassword, created))
        }
        return users
    }

    private func makeUser(
        _ id: UUID, _ name: String, _ email: String, _ role: String, _ language: String, _ hasPassword: Bool, _ created: Date
    ) throws -> User {
        // The CHECK constraints guarantee these parse; a failure here means the schema and code disagree.
        guard let address = EmailAddress(email), let role = Role(rawValue: role), let language = Language(rawValue: language) else {
            throw StoreError.notFound
        }
        return User(
            id: UserID(id), tenant: tenant, name: name, email: address, role: role, language: language, hasPassword: hasPassword,
            createdAt: created)
    }
}
