import ArgumentParser
import Foundation
import Logging
import RelaisStore

/// `relais backup`: one `pg_dump` of the database `serve` would use (embedded or not) into `RELAIS_BACKUP_DIR`,
/// then pruning by the retention rule the scheduled backups follow.
struct BackupCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "backup", abstract: "Back up the database (pg_dump, custom format) into RELAIS_BACKUP_DIR.")

    func run() async throws {
        try await StartupError.reporting { try await backup() }
    }

    private func backup() async throws {
        let configuration = try RelaisConfiguration()
        let logger = LogSetup.bootstrap(configuration)
        let endpoints = try await DatabaseEndpoints.resolve(configuration, logger: logger)
        defer { try? endpoints.embedded?.stop() }
        guard let owner = endpoints.owner else { throw ConfigurationError.missing("RELAIS_OWNER_DATABASE_URL") }
        let directory = BackupDirectory(url: configuration.backupDirectory)
        let file = try PostgresBackup(binaries: try PostgresBinaries.locate(), logger: logger).dump(owner: owner, into: directory)
        print("Backed up \(owner) to \(file.url.path) (\(file.sizeBytes) bytes).")
        for deleted in try directory.prune(configuration.backupRetention) { print("Pruned \(deleted.url.lastPathComponent).") }
    }
}

/// `relais restore FILE`: verifies the checksum, refuses a database that already holds tables, restores, then
/// applies the migrations this build carries. With no `DATABASE_URL` the target is the embedded cluster of the
/// data directory, created if needed: point `RELAIS_DATA_DIR` at a fresh folder to restore onto a new machine.
struct RestoreCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "restore", abstract: "Restore a backup into an empty database, then migrate it.")

    @Argument(help: "The backup to restore (a relais-YYYYMMDDTHHMMSSZ.dump file with its .sha256 beside it).")
    var file: String

    func run() async throws {
        try await StartupError.reporting { try await restore() }
    }

    private func restore() async throws {
        let configuration = try RelaisConfiguration()
        let logger = LogSetup.bootstrap(configuration)
        let backup = try BackupFile.at(file)
        try backup.verify()
        let endpoints = try await DatabaseEndpoints.resolve(configuration, logger: logger)
        defer { try? endpoints.embedded?.stop() }
        guard let owner = endpoints.owner else { throw ConfigurationError.missing("RELAIS_OWNER_DATABASE_URL") }
        try await PostgresBackup(binaries: try PostgresBinaries.locate(), logger: logger).restore(backup, into: owner)
        print("Restored \(backup.url.lastPathComponent) into \(owner).")
        try await Migrations.apply(owner: owner, logger: logger)
    }
}
