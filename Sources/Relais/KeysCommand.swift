import ArgumentParser
import Foundation
import RelaisStore

/// `relais keys …`: the master keys of secrets at rest.
struct KeysCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "keys", abstract: "Manage the master keys that seal secrets at rest.", subcommands: [KeysRotateCommand.self])
}

/// `relais keys rotate`: re-seals every secret under the first key of `RELAIS_MASTER_KEYS`, online and resumably.
///
/// Put the new key first in `RELAIS_MASTER_KEYS` (keeping the old ones after it) on every node, restart them, then
/// run this; once it reports nothing left, the old keys may be removed. Exits 1 when a value opens with no configured
/// key (it names the row, never the secret) or when rows were left (locked by a writer: run it again).
struct KeysRotateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rotate", abstract: "Re-encrypt every stored secret under the active (first) master key.")

    @Option(help: "Rows re-sealed per transaction.")
    var batchSize: Int = 100

    func run() async throws {
        let complete = try await StartupError.reporting {
            try await OperatorDatabase.run { database, configuration, logger in
                let secrets = try ResolvedSecrets.resolve(configuration)
                let summary = try await SecretRotator(database: database, secrets: secrets.secretBox, batchSize: batchSize, logger: logger).rotate()
                for line in Self.report(summary) { print(line) }
                return summary.complete
            }
        }
        if !complete { throw ExitCode(1) }
    }

    /// The summary as printed: counts per column, then each failure by place.
    static func report(_ summary: SecretRotator.Summary) -> [String] {
        var lines = ["Active key: \(summary.activeKeyID)"]
        let resealed = summary.resealed.sorted { $0.key < $1.key }
        if resealed.isEmpty { lines.append("Nothing to re-seal: every secret is already under the active key.") }
        for (column, count) in resealed { lines.append("\(column): \(count) re-sealed") }
        lines.append("Companies changed: \(summary.tenants) (each audited as keys.rotated)")
        for failure in summary.failures { lines.append("CANNOT OPEN \(failure)") }
        if summary.remaining > 0 { lines.append("\(summary.remaining) value(s) still under an older key (busy or stopped early): run again.") }
        return lines
    }
}
