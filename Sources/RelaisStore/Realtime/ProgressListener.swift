import Logging
import PostgresNIO

/// Listens to `relais_progress` on a connection of its own and hands every announcement on, for as long as the
/// task running it lives. Every node listens, so every node hears of every run, whichever node moved it.
///
/// The connection is leased from the session pool (`Database.sessionClient`: the application pool unless a direct
/// URL was given for a transaction pooler, through which notifications would be lost) and kept (count it in that
/// pool's size). When it is lost
/// (PostgreSQL restarted, the network cut, a health check unanswered) the listener leases another after a short
/// wait and listens again, announcing `.listening` each time: a restart of the database never ends it.
public struct ProgressListener: Sendable {
    public static let channel = "relais_progress"

    let database: Database
    let logger: Logger
    /// How often the listening connection must prove it is alive: a peer that vanished without a FIN sends no error.
    public var healthCheckInterval: Duration = .seconds(15)
    /// How long that proof may take before the connection is closed and replaced.
    public var healthCheckTimeout: Duration = .seconds(5)
    /// Waits before listening again after consecutive failures; the last one repeats.
    public var retryDelays: [Duration] = [.milliseconds(100), .seconds(1), .seconds(2), .seconds(5)]

    public init(database: Database, logger: Logger) {
        self.database = database
        self.logger = logger
    }

    /// Listens until the calling task is cancelled, calling `handle` for each event in the order they came.
    public func run(_ handle: @escaping @Sendable (ProgressEvent) async -> Void) async {
        var failures = 0
        while !Task.isCancelled {
            var listened = false
            do {
                try await listenOnce(handle) { listened = true }
            } catch {
                if Task.isCancelled { return }
                logger.warning("progress listener lost its connection", metadata: ["error": "\(String(reflecting: error))"])
            }
            // A connection that listened counts as a success: the next loss starts the waits from the shortest.
            failures = listened ? 0 : failures + 1
            try? await Task.sleep(for: retryDelays[min(failures, retryDelays.count - 1)])
        }
    }

    /// One connection's worth of listening; always ends by throwing (the connection failed, or cancellation).
    private func listenOnce(_ handle: @escaping @Sendable (ProgressEvent) async -> Void, listening: () -> Void) async throws {
        try await database.sessionClient.withConnection { connection in
            try await connection.listen(on: Self.channel) { notifications in
                listening()
                await handle(.listening)
                try await withThrowingTaskGroup(of: Void.self) { group in
                    group.addTask { [logger] in
                        for try await notification in notifications {
                            guard let event = ProgressEvent(payload: notification.payload) else {
                                logger.warning("ignored a malformed progress notification", metadata: ["payload": "\(notification.payload)"])
                                continue
                            }
                            await handle(event)
                        }
                        throw ProgressListenerError.channelEnded
                    }
                    group.addTask { try await keepChecking(connection) }
                    try await group.next()
                    group.cancelAll()
                }
            }
        }
    }

    /// Runs `SELECT 1` every `healthCheckInterval`; closes the connection and throws when one goes unanswered.
    private func keepChecking(_ connection: PostgresConnection) async throws {
        while true {
            try await Task.sleep(for: healthCheckInterval)
            let answered = try await withThrowingTaskGroup(of: Bool.self) { group in
                group.addTask { [logger] in
                    try await connection.checkedQuery("SELECT 1", logger: logger)
                    return true
                }
                group.addTask { [healthCheckTimeout] in
                    try await Task.sleep(for: healthCheckTimeout)
                    return false
                }
                let answered = try await group.next() ?? false
                // Closing fails the query still waiting, so the group can end.
                if !answered { try? await connection.close() }
                group.cancelAll()
                return answered
            }
            if !answered { throw ProgressListenerError.unresponsive }
        }
    }
}

/// Why a listening connection was given up (logged, then the listener listens again).
enum ProgressListenerError: Error {
    /// The notification stream ended: the connection closed.
    case channelEnded
    /// The connection did not answer a health check in time.
    case unresponsive
}
