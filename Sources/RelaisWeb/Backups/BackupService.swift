import Foundation
import Logging
import NIOPosix
import Prometheus
import RelaisCore
import RelaisStore
import ServiceLifecycle

/// Scheduled backups: every day at `schedule` (server-local time) one node — the one whose claim of that slot in
/// `backup_runs` succeeds — runs `pg_dump` as the owner into the backup folder, prunes it, records the outcome and
/// publishes it in `/metrics`. The Backups page reads its state and starts a backup on demand through it.
public struct BackupService: Service {
    public struct Settings: Sendable {
        public var enabled = true
        public var schedule = BackupSchedule(hour: 3, minute: 0)!
        public var retention = BackupRetention()
        public var timeZone = TimeZone.current
        public var directory: URL
        /// Names this node in `backup_runs` (host and process id).
        public var node = "\(ProcessInfo.processInfo.hostName):\(ProcessInfo.processInfo.processIdentifier)"

        public init(directory: URL) { self.directory = directory }
    }

    /// What the Backups page shows.
    public struct Status: Sendable {
        public let scheduled: Bool
        public let schedule: BackupSchedule
        public let retention: BackupRetention
        public let directory: String
        public let lastSuccess: BackupRun?
        public let runs: [BackupRun]
        public let files: [BackupFile]
    }

    /// Why a backup could not even be attempted.
    public enum Unavailable: Error {
        /// No owner URL (`RELAIS_OWNER_DATABASE_URL`): `pg_dump` must read every table, which only the owner can.
        case noOwner
        /// `pg_dump` was not found.
        case noTools
        /// Another node holds this slot.
        case slotTaken
    }

    let database: Database
    let owner: DatabaseURL?
    let tool: PostgresBackup?
    let settings: Settings
    let registry: PrometheusCollectorRegistry
    let logger: Logger

    public init(
        database: Database, owner: DatabaseURL?, tool: PostgresBackup?, settings: Settings, registry: PrometheusCollectorRegistry, logger: Logger
    ) {
        self.database = database
        self.owner = owner
        self.tool = tool
        self.settings = settings
        self.registry = registry
        self.logger = logger
    }

    var directory: BackupDirectory { BackupDirectory(url: settings.directory) }
    /// Whether this node takes part in the schedule (backups on, an owner URL and `pg_dump` available).
    var scheduled: Bool { settings.enabled && owner != nil && tool != nil }

    public func run() async throws {
        _ = registry.makeCounter(name: "relais_backup_failures_total", help: "Backups that failed on this node")
        await database.schema.wait()
        if let last = try? await database.withoutTenant({ try await $0.lastSuccessfulBackup() }) { publish(success: last) }
        guard scheduled else {
            if settings.enabled { logger.warning("scheduled backups are off: this node has no owner URL or no pg_dump") }
            // A service must not return before shutdown: that would stop the whole group.
            try? await gracefulShutdown()
            return
        }
        logger.info("scheduled backups on", metadata: ["backup.schedule": "\(settings.schedule.description)", "backup.dir": "\(settings.directory.path)"])
        while !Task.isCancelled && !Task.isShuttingDownGracefully {
            let slot = settings.schedule.next(after: Date(), in: settings.timeZone)
            try? await cancelWhenGracefulShutdown { try await Task.sleep(for: .seconds(max(0, slot.timeIntervalSinceNow))) }
            if Task.isCancelled || Task.isShuttingDownGracefully { return }
            do {
                _ = try await backUp(slot: slot)
            } catch Unavailable.slotTaken {
                logger.debug("another node runs this backup", metadata: ["backup.slot": "\(slot)"])
            } catch {
                // Logged and counted by `backUp`; the next slot tries again.
            }
        }
    }

    /// Runs one backup for `slot` (the scheduled time, or now for a manual one) if this node claims it.
    @discardableResult
    public func backUp(slot: Date = Date()) async throws -> BackupFile {
        guard let owner else { throw Unavailable.noOwner }
        guard let tool else { throw Unavailable.noTools }
        guard try await database.withoutTenant({ try await $0.claimBackupSlot(slot, node: settings.node) }) else { throw Unavailable.slotTaken }
        let directory = self.directory
        do {
            let file = try await NIOThreadPool.singleton.runIfActive { try tool.dump(owner: owner, into: directory) }
            let pruned = try directory.prune(settings.retention)
            try await database.withoutTenant {
                try await $0.finishBackup(slot, succeeded: true, fileName: file.name.fileName, sizeBytes: file.sizeBytes, error: nil)
            }
            if let last = try await database.withoutTenant({ try await $0.lastSuccessfulBackup() }) { publish(success: last) }
            logger.info(
                "backup done",
                metadata: ["backup.file": "\(file.name.fileName)", "backup.bytes": "\(file.sizeBytes)", "backup.pruned": "\(pruned.count)"])
            return file
        } catch {
            registry.makeCounter(name: "relais_backup_failures_total", help: "Backups that failed on this node").increment()
            try? await database.withoutTenant {
                try await $0.finishBackup(slot, succeeded: false, fileName: nil, sizeBytes: nil, error: String(describing: error))
            }
            logger.error("backup failed", metadata: ["error": "\(error)"])
            throw error
        }
    }

    /// The state the Backups page shows: the schedule, the latest attempts and the files kept on this node.
    public func status() async throws -> Status {
        let (last, runs) = try await database.withoutTenant { connection in
            (try await connection.lastSuccessfulBackup(), try await connection.backupRuns(limit: 20))
        }
        return Status(
            scheduled: scheduled, schedule: settings.schedule, retention: settings.retention, directory: settings.directory.path,
            lastSuccess: last, runs: runs, files: (try? directory.list()) ?? [])
    }

    private func publish(success run: BackupRun) {
        registry.makeGauge(name: "relais_backup_last_success_timestamp_seconds", help: "When the last successful backup finished (Unix time)")
            .set((run.finishedAt ?? run.startedAt).timeIntervalSince1970)
        registry.makeGauge(name: "relais_backup_last_size_bytes", help: "Size of the last successful backup").set(Double(run.sizeBytes ?? 0))
    }
}
