import Foundation
import PostgresNIO
import RelaisCore

extension TenantConnection {
    /// Appends one audit entry in the caller's transaction, so the entry exists exactly when the change does.
    /// Changes: one `audit_log` row (the application role may only insert and read there).
    public func appendAudit(_ record: AuditRecord) async throws {
        let details = try String(decoding: JSONSerialization.data(withJSONObject: record.details, options: [.sortedKeys]), as: UTF8.self)
        try await run(
            """
            INSERT INTO audit_log (tenant_id, user_id, action, target_type, target_id, ip, request_id, details)
            VALUES (\(tenant.rawValue), \(record.actor?.rawValue), \(record.action.rawValue), \(record.targetType),
                    \(record.targetID), CAST(\(record.ip) AS inet), \(record.requestID), CAST(\(details) AS jsonb))
            """)
    }

    /// Returns up to `limit` entries, newest first, older than entry `before` when given.
    /// Walks the `(tenant_id, id DESC)` index; never scans the whole log.
    public func auditEntries(limit: Int, before: Int64?) async throws -> [AuditEntry] {
        let rows = try await run(
            """
            SELECT a.id, a.at, a.user_id, u.name, a.action, a.target_type, a.target_id, host(a.ip), a.details::text
            FROM audit_log a
            LEFT JOIN users u ON u.tenant_id = a.tenant_id AND u.id = a.user_id
            WHERE a.tenant_id = \(tenant.rawValue) AND (\(before)::bigint IS NULL OR a.id < \(before))
            ORDER BY a.id DESC LIMIT \(limit)
            """)
        var entries: [AuditEntry] = []
        for try await (id, at, user, name, action, targetType, targetID, ip, details) in rows.decode(
            (Int64, Date, UUID?, String?, String, String?, String?, String?, String).self)
        {
            entries.append(
                AuditEntry(
                    id: id, at: at, userID: user.map(UserID.init), userName: name, action: action, targetType: targetType,
                    targetID: targetID, ip: ip, details: details))
        }
        return entries
    }
}
