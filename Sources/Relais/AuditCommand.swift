import ArgumentParser
import Foundation
import RelaisCore
import RelaisStore

/// `relais audit …`: the audit log.
struct AuditCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "audit", abstract: "Check the audit log.", subcommands: [AuditVerifyCommand.self])
}

/// `relais audit verify`: recomputes every company's hash chain and names the first broken entry; exits 1 if any is.
struct AuditVerifyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify", abstract: "Recompute every company's audit hash chain; exit 1 at the first broken entry.")

    func run() async throws {
        let intact = try await StartupError.reporting {
            try await OperatorDatabase.run { database, _, _ in
                let reports = try await Self.verifyAll(database)
                for line in Self.report(reports) { print(line) }
                return reports.allSatisfy(\.intact)
            }
        }
        if !intact { throw ExitCode(1) }
    }

    /// One report per company, each chain walked inside its company's transaction.
    static func verifyAll(_ database: Database) async throws -> [AuditChainReport] {
        var reports: [AuditChainReport] = []
        for tenant in try await database.withoutTenant({ try await $0.allTenants() }) {
            reports.append(try await database.withTenant(tenant) { try await $0.verifyAuditChain() })
        }
        return reports
    }

    static func report(_ reports: [AuditChainReport]) -> [String] {
        var lines = reports.map { report in
            if report.intact { return "OK      company \(report.tenant): \(report.verified) entries, head \(report.headHash ?? "-")" }
            let entry = report.brokenEntryID.map { "entry \($0)" } ?? "end of the chain"
            return "BROKEN  company \(report.tenant): \(entry), after \(report.verified) verified entries: \(report.problem ?? "")"
        }
        let broken = reports.filter { !$0.intact }.count
        lines.append(broken == 0 ? "All \(reports.count) chains intact." : "\(broken) of \(reports.count) chains broken.")
        return lines
    }
}
