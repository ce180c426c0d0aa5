import Foundation
import PostgresNIO
import RelaisCore

/// A generated report kept for download (the weekly overview PDF), without its bytes.
public struct ReportFile: Sendable, Equatable {
    public let id: UUID
    public let kind: String
    public let from: LocalDay
    public let to: LocalDay
    public let size: Int
    public let generatedAt: Date
}

extension TenantConnection {
    /// Returns whether the company has the weekly overview report turned on. Changes nothing.
    public func weeklyReportEnabled() async throws -> Bool {
        for try await enabled in try await run("SELECT weekly_report FROM companies WHERE tenant_id = \(tenant.rawValue)").decode(Bool.self) {
            return enabled
        }
        return false
    }

    /// Turns the weekly overview report on or off. Changes: the company row.
    public func setWeeklyReport(_ enabled: Bool) async throws {
        try await run("UPDATE companies SET weekly_report = \(enabled), updated_at = now() WHERE tenant_id = \(tenant.rawValue)")
    }

    /// Stores a generated report; a second one for the same kind and period is ignored (another node made it).
    /// Returns whether this one was stored. Changes: report_files.
    @discardableResult
    public func insertReportFile(kind: String, from: LocalDay, to: LocalDay, content: [UInt8]) async throws -> Bool {
        let rows = try await run(
            """
            INSERT INTO report_files (tenant_id, kind, period_from, period_to, content)
            VALUES (\(tenant.rawValue), \(kind), \(from.description)::date, \(to.description)::date, \(ByteBuffer(bytes: content)))
            ON CONFLICT (tenant_id, kind, period_from) DO NOTHING RETURNING 1
            """)
        return try await rows.collect().count == 1
    }

    /// Returns the company's generated reports, newest period first. Changes nothing.
    public func reportFiles(limit: Int = 100) async throws -> [ReportFile] {
        let rows = try await run(
            """
            SELECT id, kind, period_from::text, period_to::text, octet_length(content), generated_at FROM report_files
            WHERE tenant_id = \(tenant.rawValue) ORDER BY period_from DESC, generated_at DESC LIMIT \(limit)
            """)
        var files: [ReportFile] = []
        for try await (id, kind, from, to, size, at) in rows.decode((UUID, String, String, String, Int, Date).self) {
            guard let first = LocalDay(parsing: from), let last = LocalDay(parsing: to) else { continue }
            files.append(ReportFile(id: id, kind: kind, from: first, to: last, size: size, generatedAt: at))
        }
        return files
    }

    /// Returns one report's description and bytes, or nil (unknown or another company's). Changes nothing.
    public func reportFileContent(_ id: UUID) async throws -> (file: ReportFile, content: ByteBuffer)? {
        let rows = try await run(
            """
            SELECT id, kind, period_from::text, period_to::text, octet_length(content), generated_at, content FROM report_files
            WHERE tenant_id = \(tenant.rawValue) AND id = \(id)
            """)
        for try await (id, kind, from, to, size, at, content) in rows.decode((UUID, String, String, String, Int, Date, ByteBuffer).self) {
            guard let first = LocalDay(parsing: from), let last = LocalDay(parsing: to) else { return nil }
            return (ReportFile(id: id, kind: kind, from: first, to: last, size: size, generatedAt: at), content)
        }
        return nil
    }
}

extension TenantlessConnection {
    /// Companies with the weekly report on whose last complete week has no report yet, and that week's Monday
    /// (through `relais_due_weekly_reports`). Changes nothing.
    public func dueWeeklyReports(limit: Int) async throws -> [(tenant: TenantID, weekStart: LocalDay)] {
        let rows = try await run("SELECT tenant_id, week_start::text FROM relais_due_weekly_reports(\(limit)::int)")
        var due: [(TenantID, LocalDay)] = []
        for try await (tenant, week) in rows.decode((UUID, String).self) {
            if let day = LocalDay(parsing: week) { due.append((TenantID(tenant), day)) }
        }
        return due
    }

    /// Claims up to `limit` companies whose last complete week (as of `now`, in their time zone) is due a weekly report,
    /// and returns them with that week's Monday; another node calling at the same time gets none of them. Changes:
    /// weekly_report_claims (through `relais_claim_weekly_reports`).
    public func claimWeeklyReports(limit: Int, now: Date) async throws -> [(tenant: TenantID, weekStart: LocalDay)] {
        let rows = try await run("SELECT tenant_id, week_start::text FROM relais_claim_weekly_reports(\(limit)::int, \(now))")
        var due: [(TenantID, LocalDay)] = []
        for try await (tenant, week) in rows.decode((UUID, String).self) {
            if let day = LocalDay(parsing: week) { due.append((TenantID(tenant), day)) }
        }
        return due
    }
}
