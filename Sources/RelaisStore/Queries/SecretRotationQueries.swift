import Foundation
import PostgresNIO
import RelaisCore

/// One sealed value as rotation reads it: its row and ciphertext.
public struct SealedValue: Sendable {
    public let rowID: UUID
    public let sealed: String
}

extension TenantlessConnection {
    /// Returns the companies holding an access token not sealed under `keyID`, through
    /// `relais_tenants_with_secrets_not_under` (ids only). Scans `whatsapp_numbers` (a few rows per company).
    public func tenantsWithSecrets(notUnder keyID: String) async throws -> [TenantID] {
        let rows = try await run("SELECT tenant_id FROM relais_tenants_with_secrets_not_under(\(keyID))")
        var tenants: [TenantID] = []
        for try await id in rows.decode(UUID.self) { tenants.append(TenantID(id)) }
        return tenants
    }
}

extension TenantConnection {
    /// Locks and returns up to `limit` of this company's access tokens not sealed under `keyID`, skipping
    /// `excluded` rows (ones that would not open) and rows another transaction holds (`SKIP LOCKED`: a
    /// concurrent writer is never blocked by rotation, and its row is picked up by a later batch).
    /// Changes nothing itself; the locks last until the caller's transaction ends.
    public func lockAccessTokens(notUnder keyID: String, excluding excluded: [UUID], limit: Int) async throws -> [SealedValue] {
        let rows = try await run(
            """
            SELECT id, access_token_sealed FROM whatsapp_numbers
            WHERE tenant_id = \(tenant.rawValue) AND split_part(access_token_sealed, '.', 2) <> \(keyID)
              AND NOT (id = ANY(\(excluded)::uuid[]))
            ORDER BY id LIMIT \(limit) FOR UPDATE SKIP LOCKED
            """)
        var values: [SealedValue] = []
        for try await (id, sealed) in rows.decode((UUID, String).self) { values.append(SealedValue(rowID: id, sealed: sealed)) }
        return values
    }

    /// Replaces one access token's ciphertext if it is still `old` (compare-and-swap on top of the row lock);
    /// returns whether it did. Changes: that `whatsapp_numbers` row.
    public func replaceAccessToken(ofNumber id: UUID, old: String, new: String) async throws -> Bool {
        let rows = try await run(
            """
            UPDATE whatsapp_numbers SET access_token_sealed = \(new)
            WHERE tenant_id = \(tenant.rawValue) AND id = \(id) AND access_token_sealed = \(old) RETURNING id
            """)
        for try await _ in rows { return true }
        return false
    }

    /// Counts this company's access tokens not sealed under `keyID`, locked or not (what a run left behind).
    public func countAccessTokens(notUnder keyID: String) async throws -> Int {
        let rows = try await run(
            "SELECT count(*)::int FROM whatsapp_numbers WHERE tenant_id = \(tenant.rawValue) AND split_part(access_token_sealed, '.', 2) <> \(keyID)")
        for try await count in rows.decode(Int.self) { return count }
        return 0
    }
}
