import Foundation
import PostgresNIO
import RelaisCore

/// The live key with a given prefix, found before its tenant is known.
public struct APIKeyCandidate: Sendable {
    public let tenant: TenantID
    public let keyID: UUID
    /// Hex SHA-256 of the whole key; the caller compares it in constant time.
    public let secretHash: String
}

extension TenantlessConnection {
    /// Finds the live key with this prefix on the whole platform through `relais_api_key_lookup`
    /// (unique index on `prefix`); nil for an unknown or revoked key.
    public func apiKeyCandidate(prefix: String) async throws -> APIKeyCandidate? {
        let rows = try await run("SELECT tenant_id, key_id, secret_hash FROM relais_api_key_lookup(\(prefix))")
        for try await (tenant, key, hash) in rows.decode((UUID, UUID, String).self) {
            return APIKeyCandidate(tenant: TenantID(tenant), keyID: key, secretHash: hash)
        }
        return nil
    }
}

extension Database {
    /// The key's own role with its creator and company, for a key whose secret the caller verified; nil when the
    /// key was revoked (or its creator removed) meanwhile. One statement (`relais_authenticate_api_key`), which
    /// also notes the use at most once a minute.
    public func authenticate(tenant: TenantID, apiKey: UUID) async throws -> (session: AuthenticatedSession, keyRole: Role)? {
        let rows = try await client.query("SELECT * FROM relais_authenticate_api_key(\(tenant.rawValue), \(apiKey))", logger: logger)
        for try await (keyRole, c0, c1, c2, c3, c4, c5, c6, c7, c8, c9, c10, c11, c12) in rows.decode(
            (String, UUID, String, String, String, String, Bool, Date, String, String, String, [String], Date, Int).self)
        {
            guard let role = Role(rawValue: keyRole),
                let found = Self.authenticatedSession(tenant: tenant, session: apiKey, (c0, c1, c2, c3, c4, c5, c6, c7, c8, c9, c10, c11, c12))
            else { return nil }
            return (found, role)
        }
        return nil
    }
}

extension TenantConnection {
    static let apiKeyColumns = "k.id, k.name, k.role, k.prefix, k.created_by, u.name, k.created_at, k.last_used_at, k.revoked_at"

    /// Stores a new key (its digest only). Changes: one `api_keys` row.
    public func insertAPIKey(id: UUID, name: String, role: Role, prefix: String, secretHash: String, createdBy: UserID) async throws {
        try await run(
            """
            INSERT INTO api_keys (tenant_id, id, name, role, prefix, secret_hash, created_by)
            VALUES (\(tenant.rawValue), \(id), \(name), \(role.rawValue), \(prefix), \(secretHash), \(createdBy.rawValue))
            """)
    }

    /// Returns up to `limit` of this company's keys, newest first, older than key `after` when given (revoked ones too).
    public func apiKeys(limit: Int, after: UUID?) async throws -> [APIKey] {
        try await decodeAPIKeys(
            try await run(
                """
                SELECT \(unescaped: Self.apiKeyColumns) FROM api_keys k
                LEFT JOIN users u ON u.tenant_id = k.tenant_id AND u.id = k.created_by
                WHERE k.tenant_id = \(tenant.rawValue)
                  AND (\(after)::uuid IS NULL
                       OR (k.created_at, k.id) < (SELECT created_at, id FROM api_keys WHERE tenant_id = \(tenant.rawValue) AND id = \(after)))
                ORDER BY k.created_at DESC, k.id DESC LIMIT \(limit)
                """))
    }

    /// Returns one key of this company, or nil (also for another company's id).
    public func apiKey(_ id: UUID) async throws -> APIKey? {
        try await decodeAPIKeys(
            try await run(
                """
                SELECT \(unescaped: Self.apiKeyColumns) FROM api_keys k
                LEFT JOIN users u ON u.tenant_id = k.tenant_id AND u.id = k.created_by
                WHERE k.tenant_id = \(tenant.rawValue) AND k.id = \(id)
                """)
        ).first
    }

    /// Revokes a live key; returns false when it was unknown or already revoked. Changes: one `api_keys` row.
    public func revokeAPIKey(_ id: UUID) async throws -> Bool {
        let rows = try await run(
            "UPDATE api_keys SET revoked_at = now() WHERE tenant_id = \(tenant.rawValue) AND id = \(id) AND revoked_at IS NULL RETURNING id")
        for try await _ in rows { return true }
        return false
    }

    private func decodeAPIKeys(_ rows: PostgresRowSequence) async throws -> [APIKey] {
        var keys: [APIKey] = []
        for try await (id, name, role, prefix, creator, creatorName, created, used, revoked) in rows.decode(
            (UUID, String, String, String, UUID, String?, Date, Date?, Date?).self)
        {
            guard let role = Role(rawValue: role) else { continue }
            keys.append(
                APIKey(
                    id: id, name: name, role: role, prefix: prefix, createdBy: UserID(creator), createdByName: creatorName, createdAt: created,
                    lastUsedAt: used, revokedAt: revoked))
        }
        return keys
    }
}
