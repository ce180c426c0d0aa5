import Foundation
import PostgresNIO
import RelaisCore

extension TenantConnection {
    static let optionsEncoder = JSONEncoder()
    static let optionsDecoder = JSONDecoder()

    /// Records an import (queued, or a wizard's draft) of the file already stored at `filePath`.
    /// Changes: one `contact_imports` row.
    public func insertContactImport(
        id: UUID, actor: UserID?, fileName: String, filePath: String, fileBytes: Int, options: ContactImportOptions,
        state: ContactImportState = .queued
    ) async throws {
        let json = String(decoding: try Self.optionsEncoder.encode(options), as: UTF8.self)
        try await run(
            """
            INSERT INTO contact_imports (tenant_id, id, user_id, state, file_name, file_path, file_bytes, options)
            VALUES (\(tenant.rawValue), \(id), \(actor?.rawValue), \(state.rawValue), \(fileName), \(filePath), \(fileBytes),
                    CAST(\(json) AS jsonb))
            """)
    }

    /// Queues a draft import with its confirmed options; returns false when it is not a draft (or not the tenant's).
    /// Changes: the `contact_imports` row.
    public func queueDraftImport(_ id: UUID, options: ContactImportOptions) async throws -> Bool {
        let json = String(decoding: try Self.optionsEncoder.encode(options), as: UTF8.self)
        let rows = try await run(
            """
            UPDATE contact_imports SET state = 'queued', options = CAST(\(json) AS jsonb), created_at = now()
            WHERE tenant_id = \(tenant.rawValue) AND id = \(id) AND state = 'draft' RETURNING 1
            """)
        for try await _ in rows { return true }
        return false
    }

    /// Returns an import with its counters, or nil (also for another tenant's id).
    public func contactImport(_ id: UUID) async throws -> ContactImport? {
        let rows = try await run(
            """
            SELECT id, state, file_name, file_path, options::text, rows_read, created, updated, duplicates, invalid,
                   checkpoint_row, failure_reason, created_at, finished_at
            FROM contact_imports WHERE tenant_id = \(tenant.rawValue) AND id = \(id)
            """)
        for try await row in rows {
            let r = row.makeRandomAccess()
            let options = try Self.optionsDecoder.decode(ContactImportOptions.self, from: Data(try r[4].decode(String.self).utf8))
            return ContactImport(
                id: try r[0].decode(UUID.self), state: ContactImportState(rawValue: try r[1].decode(String.self)) ?? .failed,
                fileName: try r[2].decode(String.self), filePath: try r[3].decode(String.self), options: options,
                rows: try r[5].decode(Int.self), created: try r[6].decode(Int.self), updated: try r[7].decode(Int.self),
                duplicates: try r[8].decode(Int.self), invalid: try r[9].decode(Int.self), checkpointRow: try r[10].decode(Int.self),
                failureReason: try r[11].decode(String?.self), createdAt: try r[12].decode(Date.self),
                finishedAt: try r[13].decode(Date?.self))
        }
        return nil
    }

    /// Returns the first `limit` rejected rows of an import, in file order, from `afterRow` on.
    public func importRejections(_ id: UUID, afterRow: Int = 0, limit: Int) async throws -> [ImportRejection] {
        let rows = try await run(
            """
            SELECT row_number, reason, raw FROM contact_import_rejections
            WHERE tenant_id = \(tenant.rawValue) AND import_id = \(id) AND row_number > \(afterRow)
            ORDER BY row_number LIMIT \(limit)
            """)
        var rejections: [ImportRejection] = []
        for try await (row, reason, raw) in rows.decode((Int, String, String).self) {
            rejections.append(ImportRejection(row: row, reason: reason, raw: raw))
        }
        return rejections
    }

    /// Ends an import as `completed` or `failed` (with its reason), if claim `claim` still holds it.
    /// Changes: the `contact_imports` row.
    public func finishContactImport(_ id: UUID, claim: UUID, state: ContactImportState, reason: String?) async throws {
        try await run(
            """
            UPDATE contact_imports SET state = \(state.rawValue), failure_reason = \(reason), finished_at = now(), lease_until = NULL
            WHERE tenant_id = \(tenant.rawValue) AND id = \(id) AND state = 'running' AND claim_id = \(claim)
            """)
    }
}

extension TenantlessConnection {
    /// Claims one import that is queued, or running with an expired lease (its node died), through the
    /// narrow cross-tenant function `relais_claim_contact_import`. Returns its tenant, id and attempt count.
    public func claimContactImport(leaseSeconds: Int) async throws -> ContactImportClaim? {
        let rows = try await run("SELECT tenant_id, id, attempts, claim_id FROM relais_claim_contact_import(\(leaseSeconds)::int)")
        for try await (tenant, id, attempts, claim) in rows.decode((UUID, UUID, Int, UUID).self) {
            return ContactImportClaim(tenant: TenantID(tenant), id: id, attempts: attempts, claim: claim)
        }
        return nil
    }

    /// Analyses the contact tables after an import that created or updated `written` contacts, when that is more
    /// than 1,000 (`relais_analyse_imported`, migration 0018). Returns whether it did.
    @discardableResult
    public func analyseImported(written: Int) async throws -> Bool {
        let rows = try await run("SELECT relais_analyse_imported(\(written)::bigint)")
        for try await analysed in rows.decode(Bool.self) { return analysed }
        return false
    }
}

extension TenantConnection {
    /// Gives a running import's lease up (its worker is shutting down), so another node resumes it at once
    /// from its checkpoint. Changes: the `contact_imports` row's lease.
    public func releaseContactImport(_ id: UUID, claim: UUID) async throws {
        try await run(
            """
            UPDATE contact_imports SET lease_until = now()
            WHERE tenant_id = \(tenant.rawValue) AND id = \(id) AND state = 'running' AND claim_id = \(claim)
            """)
    }
}

/// A worker's claim on an import: which one, in which tenant, the how-many-th attempt, and the claim's token.
public struct ContactImportClaim: Sendable {
    public let tenant: TenantID
    public let id: UUID
    public let attempts: Int
    public let claim: UUID
}
