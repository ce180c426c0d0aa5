import Foundation
import Logging
import NIOPosix
import RelaisCore
import RelaisReports
import RelaisStore
import ServiceLifecycle
import Synchronization

/// The background service that runs contact imports: it claims queued imports (or running ones whose node
/// died) one at a time with `FOR UPDATE SKIP LOCKED`, and hands each to `ContactImportRunner`.
public struct ContactImportWorker: Service {
    let database: Database
    let logger: Logger
    let settings: Settings

    /// How the worker paces itself; tests shorten the poll interval.
    public struct Settings: Sendable {
        public var pollInterval: Duration = .milliseconds(500)
        /// A claimed import whose worker stopped renewing this lease is taken over by another node.
        public var leaseSeconds = 120
        public var batchSize = 1000
        /// Claims of the same import beyond this fail it instead of crashing the next node again.
        public var maxAttempts = 3

        public init() {}
    }

    public init(database: Database, logger: Logger, settings: Settings = Settings()) {
        self.database = database
        self.logger = logger
        self.settings = settings
    }

    /// Graceful shutdown does not cancel the worker: it stops claiming, and an import in progress stops after its
    /// current batch and hands its lease back, so another node resumes it at once from the checkpoint.
    public func run() async throws {
        await database.schema.wait()
        let stopping = StopSignal()
        try await withGracefulShutdownHandler {
            while !Task.isCancelled && !stopping.isRaised {
                let claimed: ContactImportClaim?
                do {
                    claimed = try await database.withoutTenant { try await $0.claimContactImport(leaseSeconds: settings.leaseSeconds) }
                } catch {
                    if Task.isCancelled { return }
                    logger.error("could not claim a contact import", metadata: ["error": "\(error)"])
                    claimed = nil
                }
                if let claimed, !Task.isCancelled {
                    await ContactImportRunner(database: database, logger: logger, settings: settings, stopping: stopping)
                        .process(claimed)
                } else {
                    try? await Task.sleep(for: settings.pollInterval)
                }
            }
        } onGracefulShutdown: {
            stopping.raise()
        }
    }
}

/// Raised once when the service group shuts down gracefully.
final class StopSignal: Sendable {
    private let raised = Mutex(false)

    var isRaised: Bool { raised.withLock { $0 } }

    func raise() { raised.withLock { $0 = true } }
}

/// Thrown between batches when the worker is asked to stop.
struct ImportPaused: Error {}

/// Why a whole file cannot be imported; the import ends `failed` with this reason.
struct ImportFailure: Error {
    let reason: String
}

/// A spreadsheet reader handed to the blocking thread pool; only one task uses it at a time.
final class ReaderBox: @unchecked Sendable {
    let reader: any SpreadsheetReader
    init(_ reader: any SpreadsheetReader) { self.reader = reader }

    /// Up to `count` rows; fewer only at the end of the file.
    func next(_ count: Int) throws(SpreadsheetError) -> [SpreadsheetRow] {
        var rows: [SpreadsheetRow] = []
        while rows.count < count, let row = try reader.next() { rows.append(row) }
        return rows
    }
}
