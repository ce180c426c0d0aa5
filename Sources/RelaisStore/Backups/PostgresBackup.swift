import Foundation
import Logging
import PostgresNIO
import RelaisCore

/// `pg_dump` and `pg_restore` of the database Relais uses, always as the schema owner (who can read every table
/// whatever its row-level security). The client tools come from the same place as the embedded cluster's
/// (`PostgresBinaries`); the password travels in `PGPASSWORD`, never on a command line.
public struct PostgresBackup: Sendable {
    let binaries: PostgresBinaries
    let logger: Logger

    public init(binaries: PostgresBinaries, logger: Logger) {
        self.binaries = binaries
        self.logger = logger
    }

    /// Dumps `owner`'s database into `directory` as `relais-<UTC time>.dump` (custom format) with its checksum file.
    /// Atomic: written under a temporary name, synced, then renamed, so a crash never leaves a truncated backup
    /// under a backup's name. Blocks while `pg_dump` runs. The files are readable by their owner only: they hold
    /// every tenant's contacts.
    public func dump(owner: DatabaseURL, into directory: BackupDirectory, at date: Date = Date()) throws -> BackupFile {
        let fileManager = FileManager.default
        try fileManager.createDirectory(at: directory.url, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        let name = BackupName(takenAt: date)
        let final = directory.url.appendingPathComponent(name.fileName)
        guard !fileManager.fileExists(atPath: final.path) else { throw BackupError.toolFailed("\(final.path) already exists.") }
        let partial = directory.url.appendingPathComponent(".\(name.fileName).partial")
        let partialChecksum = directory.url.appendingPathComponent(".\(name.checksumFileName).partial")
        defer {
            try? fileManager.removeItem(at: partial)
            try? fileManager.removeItem(at: partialChecksum)
        }
        try run("pg_dump", ["--format=custom", "--file", partial.path] + connectionArguments(owner), owner: owner)
        try fileManager.setAttributes([.posixPermissions: 0o600], ofItemAtPath: partial.path)
        BackupDirectory.fsync(partial.path)
        let digest = try BackupFile.sha256(of: partial)
        try Data("\(digest)  \(name.fileName)\n".utf8).write(to: partialChecksum)
        BackupDirectory.fsync(partialChecksum.path)
        try fileManager.moveItem(at: partial, to: final)
        try fileManager.moveItem(at: partialChecksum, to: directory.url.appendingPathComponent(name.checksumFileName))
        BackupDirectory.fsync(directory.url.path)
        let file = try BackupFile.at(final.path)
        logger.info("backup written", metadata: ["backup.file": "\(name.fileName)", "backup.bytes": "\(file.sizeBytes)"])
        return file
    }

    /// Restores `file` into `owner`'s database after checking the file against its checksum and the database for
    /// emptiness (a restore never merges into live data). The roles the schema grants to are created first when
    /// missing, as migration 0001 does; objects end up owned by `owner`'s user (`--no-owner`), so a dump of the
    /// embedded cluster restores under a production owner of another name. One transaction: all or nothing.
    /// The caller applies migrations afterwards (a backup of an older version is brought up to date).
    public func restore(_ file: BackupFile, into owner: DatabaseURL) async throws {
        try file.verify()
        let client = PostgresClient(configuration: owner.clientConfiguration(maximumConnections: 1), backgroundLogger: logger)
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { await client.run() }
            defer { group.cancelAll() }
            let rows = try await client.query(
                "SELECT count(*)::int FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = 'public'",
                logger: logger)
            for try await count in rows.decode(Int.self) where count > 0 { throw BackupError.targetNotEmpty(owner.description) }
            try await client.query(
                """
                DO $$ BEGIN
                    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'relais_application') THEN
                        CREATE ROLE relais_application NOLOGIN NOSUPERUSER NOBYPASSRLS;
                    END IF;
                END $$
                """, logger: logger)
        }
        try run(
            "pg_restore", ["--no-owner", "--exit-on-error", "--single-transaction"] + connectionArguments(owner) + [file.url.path],
            owner: owner)
        logger.info("backup restored", metadata: ["backup.file": "\(file.name.fileName)", "database": "\(owner)"])
    }

    private func connectionArguments(_ url: DatabaseURL) -> [String] {
        ["--host", url.host, "--port", String(url.port), "--username", url.username, "--dbname", url.database, "--no-password"]
    }

    private func run(_ tool: String, _ arguments: [String], owner: DatabaseURL) throws {
        var environment = ["PGSSLMODE": owner.requireTLS ? "require" : "disable"]
        if let password = owner.password { environment["PGPASSWORD"] = password }
        do {
            try ProcessRunner.run(binaries.path(tool), arguments, environment: environment)
        } catch {
            if case .commandFailed(_, let output) = error { throw BackupError.toolFailed("\(tool) failed:\n\(output)") }
            throw BackupError.toolFailed("\(tool) failed: \(error)")
        }
    }
}
