import Foundation
import Logging
import RelaisCore

/// Re-seals every stored secret that is not under the active key (`relais keys rotate`), while the
/// servers keep running.
///
/// Online: small batches, each in its own transaction, rows locked `FOR UPDATE SKIP LOCKED` and replaced
/// by compare-and-swap on the old ciphertext, so a concurrent writer is never blocked long and never loses
/// its write. Resumable: each batch selects only rows whose key id is not the active one, so a killed run
/// simply continues when started again. Company ids come from one SECURITY DEFINER function; every row is
/// read and written inside its company's transaction, under row-level security.
public struct SecretRotator: Sendable {
    /// A value no configured key opens, named by place, never by content.
    public struct Failure: Sendable, CustomStringConvertible {
        public let table: String
        public let column: String
        public let tenant: TenantID
        public let row: UUID
        public let reason: String

        public var description: String {
            "\(table).\(column) row \(row.uuidString.lowercased()) (company \(tenant)): \(reason)"
        }
    }

    /// What one run did.
    public struct Summary: Sendable {
        public let activeKeyID: String
        /// Values re-sealed, per `table.column`.
        public var resealed: [String: Int] = [:]
        /// Companies in which something was re-sealed (each got a `keys.rotated` audit entry).
        public var tenants = 0
        public var failures: [Failure] = []
        /// Values still under another key after the run: locked by a writer, or the run was stopped early.
        public var remaining = 0
        /// False when the run stopped at `maxBatches` before finishing.
        public var finished = true

        /// Whether every stored secret is now under the active key.
        public var complete: Bool { failures.isEmpty && remaining == 0 && finished }
    }

    static let table = "whatsapp_numbers"
    static let column = "access_token_sealed"

    let database: Database
    let secrets: SecretBox
    let batchSize: Int
    let logger: Logger

    public init(database: Database, secrets: SecretBox, batchSize: Int = 100, logger: Logger) {
        self.database = database
        self.secrets = secrets
        self.batchSize = max(1, batchSize)
        self.logger = logger
    }

    /// Rotates everything (or only `only`'s companies: tests share one database); `maxBatches` stops early, as a
    /// killed run would, for tests of resumption.
    public func rotate(only: Set<TenantID>? = nil, maxBatches: Int? = nil) async throws -> Summary {
        let active = secrets.activeKeyID
        var summary = Summary(activeKeyID: active)
        var batches = 0
        let tenants = try await database.withoutTenant { try await $0.tenantsWithSecrets(notUnder: active) }
            .filter { only?.contains($0) ?? true }
        for tenant in tenants where summary.finished {
            var excluded: [UUID] = []
            var resealed = 0
            var fromKeys: Set<String> = []
            while true {
                // Stopped early: what this company already had re-sealed is still audited below.
                if let maxBatches, batches >= maxBatches {
                    summary.finished = false
                    break
                }
                batches += 1
                let (done, failures, keys) = try await database.withTenant(tenant) { connection in
                    try await rotateBatch(connection, excluded: excluded)
                }
                resealed += done
                fromKeys.formUnion(keys)
                summary.failures += failures
                excluded += failures.map(\.row)
                if done + failures.count == 0 { break }
            }
            if resealed > 0 {
                summary.resealed["\(Self.table).\(Self.column)", default: 0] += resealed
                summary.tenants += 1
                try await database.withTenant(tenant) { connection in
                    try await connection.appendAudit(
                        AuditRecord(
                            action: .keysRotated, actor: nil, targetType: "company", targetID: tenant.description, ip: nil, requestID: nil,
                            details: [
                                "active_key": active, "from_keys": fromKeys.sorted().joined(separator: ","),
                                "\(Self.table).\(Self.column)": String(resealed),
                            ]))
                }
            }
        }
        let left = try await database.withoutTenant { try await $0.tenantsWithSecrets(notUnder: active) }
        for tenant in left where only?.contains(tenant) ?? true {
            summary.remaining += try await database.withTenant(tenant) { try await $0.countAccessTokens(notUnder: active) }
        }
        summary.remaining -= summary.failures.count
        return summary
    }

    /// One batch in the caller's transaction: re-seals what opens, reports what does not.
    private func rotateBatch(_ connection: TenantConnection, excluded: [UUID]) async throws -> (Int, [Failure], Set<String>) {
        let values = try await connection.lockAccessTokens(notUnder: secrets.activeKeyID, excluding: excluded, limit: batchSize)
        var done = 0
        var failures: [Failure] = []
        var keys: Set<String> = []
        for value in values {
            let plaintext: String
            do {
                plaintext = try secrets.open(value.sealed, tenant: connection.tenant, column: SecretBox.accessTokenColumn)
            } catch {
                failures.append(Failure(table: Self.table, column: Self.column, tenant: connection.tenant, row: value.rowID, reason: error.description))
                continue
            }
            let resealed = try secrets.seal(plaintext, tenant: connection.tenant, column: SecretBox.accessTokenColumn)
            if try await connection.replaceAccessToken(ofNumber: value.rowID, old: value.sealed, new: resealed) {
                done += 1
                if let key = SecretBox.keyID(of: value.sealed) { keys.insert(key) }
            }
        }
        return (done, failures, keys)
    }
}
