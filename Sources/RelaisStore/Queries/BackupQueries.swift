import Foundation
import PostgresNIO

/// One backup attempt as `backup_runs` records it.
public struct BackupRun: Sendable, Equatable {
    public let slot: Date
    public let node: String
    public let startedAt: Date
    public let finishedAt: Date?
    /// nil while it runs (or when its node died during it).
    public let succeeded: Bool?
    public let fileName: String?
    public let sizeBytes: Int64?
    public let error: String?
}

extension TenantlessConnection {
    /// Claims the backup of `slot` for `node`; true for exactly one node per slot (the primary key decides).
    /// Changes: at most one `backup_runs` row.
    public func claimBackupSlot(_ slot: Date, node: String) async throws -> Bool {
        let rows = try await run("INSERT INTO backup_runs (slot, node) VALUES (\(slot), \(node)) ON CONFLICT (slot) DO NOTHING RETURNING 1")
        for try await _ in rows { return true }
        return false
    }

    /// Records how the backup of `slot` ended. Changes: that `backup_runs` row.
    public func finishBackup(_ slot: Date, succeeded: Bool, fileName: String?, sizeBytes: Int64?, error: String?) async throws {
        try await run(
            """
            UPDATE backup_runs SET finished_at = now(), succeeded = \(succeeded), file_name = \(fileName), size_bytes = \(sizeBytes),
                                   error = \(error.map { String($0.prefix(2000)) })
            WHERE slot = \(slot)
            """)
    }

    /// The latest `limit` backup attempts, newest first (the primary key's order).
    public func backupRuns(limit: Int) async throws -> [BackupRun] {
        try await decodeRuns(
            run(
                """
                SELECT slot, node, started_at, finished_at, succeeded, file_name, size_bytes, error FROM backup_runs
                ORDER BY slot DESC LIMIT \(limit)
                """))
    }

    /// The latest successful backup, if any.
    public func lastSuccessfulBackup() async throws -> BackupRun? {
        try await decodeRuns(
            run(
                """
                SELECT slot, node, started_at, finished_at, succeeded, file_name, size_bytes, error FROM backup_runs
                WHERE succeeded ORDER BY finished_at DESC LIMIT 1
                """)
        ).first
    }

    private func decodeRuns(_ rows: PostgresRowSequence) async throws -> [BackupRun] {
        var runs: [BackupRun] = []
        for try await (slot, node, started, finished, succeeded, file, size, error) in rows.decode(
            (Date, String, Date, Date?, Bool?, String?, Int64?, String?).self)
        {
            runs.append(
                BackupRun(slot: slot, node: node, startedAt: started, finishedAt: finished, succeeded: succeeded, fileName: file, sizeBytes: size, error: error))
        }
        return runs
    }
}
