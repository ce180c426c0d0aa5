import Foundation
import Logging
import RelaisStore
import ServiceLifecycle

/// The daily retention job: messages older than their company's `message_retention_months` lose their personal data
/// (number, preview, texts), in batches, until none is left; statuses, times and campaign counters are kept. Safe on
/// every node at once: batches claim rows with `SKIP LOCKED` and an anonymised row is never picked again.
public struct RetentionService: Service {
    let database: Database
    let logger: Logger
    let settings: Settings

    public struct Settings: Sendable {
        /// Between two passes (a day); the first pass runs at start.
        public var interval: Duration = .seconds(86_400)
        public var batchSize = 1000

        public init() {}
    }

    public init(database: Database, logger: Logger, settings: Settings = Settings()) {
        self.database = database
        self.logger = logger
        self.settings = settings
    }

    public func run() async throws {
        await database.schema.wait()
        while !Task.isCancelled && !Task.isShuttingDownGracefully {
            do {
                let count = try await runOnce()
                if count > 0 { logger.info("retention: messages anonymised", metadata: ["messages": "\(count)"]) }
            } catch {
                if Task.isCancelled { return }
                logger.error("retention pass failed", metadata: ["error": "\(error)"])
            }
            try? await cancelWhenGracefulShutdown { try await Task.sleep(for: settings.interval) }
        }
    }

    /// One pass: batches until nothing expired is left; returns how many messages it anonymised.
    @discardableResult
    public func runOnce() async throws -> Int {
        var total = 0
        while !Task.isCancelled {
            let changed = try await database.withoutTenant { try await $0.anonymiseExpiredMessages(batch: settings.batchSize) }
            total += changed
            if changed == 0 { break }
        }
        return total
    }
}
