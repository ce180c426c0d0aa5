import Foundation
import Logging
import NIOPosix
import RelaisCore
import RelaisStore
import ServiceLifecycle

/// Every few minutes, claims the companies whose weekly overview is due (the weekly report is on and their last
/// Monday-to-Sunday week, in their time zone, has no report) and writes that week's overview PDF into
/// `report_files`. The claim is in the database, so several nodes running this service still make one file per
/// company and week; a node that dies mid-report leaves a claim another node takes over after 30 minutes.
public struct WeeklyReportService: Service {
    public struct Settings: Sendable {
        /// Between two passes; the first pass runs at start.
        public var interval: Duration = .seconds(300)
        /// Companies claimed per pass.
        public var batchSize = 20
        /// The clock, injected so tests can run a pass on a chosen Monday.
        public var now: @Sendable () -> Date = { Date() }

        public init() {}
    }

    let database: Database
    let logger: Logger
    let settings: Settings
    private let localizer: Localizer

    public init(database: Database, logger: Logger, settings: Settings = Settings()) throws {
        self.database = database
        self.logger = logger
        self.settings = settings
        localizer = try Localizer()
    }

    public func run() async throws {
        await database.schema.wait()
        while !Task.isCancelled && !Task.isShuttingDownGracefully {
            do {
                let count = try await runOnce()
                if count > 0 { logger.info("weekly reports written", metadata: ["reports": "\(count)"]) }
            } catch {
                if Task.isCancelled { return }
                logger.error("weekly report pass failed", metadata: ["error": "\(error)"])
            }
            try? await cancelWhenGracefulShutdown { try await Task.sleep(for: settings.interval) }
        }
    }

    /// One pass: claims due companies until none is left and writes their reports; returns how many were stored.
    @discardableResult
    public func runOnce() async throws -> Int {
        var stored = 0
        while !Task.isCancelled {
            let now = settings.now()
            let claimed = try await database.withoutTenant { try await $0.claimWeeklyReports(limit: settings.batchSize, now: now) }
            if claimed.isEmpty { break }
            for (tenant, weekStart) in claimed {
                do {
                    if try await write(tenant: tenant, weekStart: weekStart) { stored += 1 }
                } catch {
                    // The claim expires and another pass retries; the other companies of the batch go on.
                    logger.error(
                        "weekly report failed", metadata: ["tenant.id": "\(tenant)", "week": "\(weekStart)", "error": "\(error)"])
                }
            }
        }
        return stored
    }

    /// Writes the overview of the week starting `weekStart` in the language of the company's first admin.
    private func write(tenant: TenantID, weekStart: LocalDay) async throws -> Bool {
        let (company, language) = try await database.withTenant(tenant) { connection in
            let users = try await connection.users(limit: 500, after: nil)
            let admin = users.filter { $0.role == .admin }.min { $0.createdAt < $1.createdAt }
            return (try await connection.company(), admin?.language ?? .en)
        }
        let period = try ReportPeriod(from: weekStart, to: weekStart.adding(days: 6))
        let analytics = AnalyticsService(database: database, now: settings.now)
        let report = try await analytics.overview(company, period: period)
        let url = try await ReportDocuments(database: database, localizer: localizer, language: language)
            .overview(report, to: TemporaryFileResponse.url(extension: "pdf"))
        defer { try? FileManager.default.removeItem(at: url) }
        let content = try await NIOThreadPool.singleton.runIfActive { try [UInt8](Data(contentsOf: url)) }
        return try await database.withTenant(tenant) { connection in
            try await connection.insertReportFile(kind: "weekly_overview", from: period.from, to: period.to, content: content)
        }
    }
}
