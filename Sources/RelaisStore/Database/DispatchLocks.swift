import Foundation
import Logging
import PostgresNIO
import RelaisCore

/// Session-level advisory locks that make one node the only sender of a number. They live on one connection
/// held for the dispatcher's lifetime: when the node dies, PostgreSQL closes that connection and releases its
/// locks, so another node takes the numbers over at its next poll.
public struct DispatchLocks: Sendable {
    let connection: PostgresConnection
    let logger: Logger

    /// Takes the lock of `number` if nobody holds it; true when this node now owns the number.
    public func tryLock(_ number: UUID) async throws -> Bool {
        let rows = try await connection.checkedQuery("SELECT pg_try_advisory_lock(hashtextextended(\(number.uuidString), 4242))", logger: logger)
        for try await locked in rows.decode(Bool.self) { return locked }
        return false
    }

    /// Releases the lock of `number` (its send loop ended).
    public func unlock(_ number: UUID) async throws {
        try await connection.checkedQuery("SELECT pg_advisory_unlock(hashtextextended(\(number.uuidString), 4242))", logger: logger)
    }

    /// Throws when the lock connection is gone (its locks went with it: every loop must stop).
    public func check() async throws {
        try await connection.checkedQuery("SELECT 1", logger: logger)
    }
}

extension Database {
    /// Runs `body` with a connection dedicated to dispatch locks for as long as `body` runs (from the session pool:
    /// session-level locks need a connection of their own on the server, which a transaction pooler does not give).
    public func withDispatchLocks<Result: Sendable>(_ body: (DispatchLocks) async throws -> Result) async throws -> Result {
        try await sessionClient.withConnection { connection in
            // The connection goes back to the pool afterwards: it must not carry a lock there.
            do {
                let result = try await body(DispatchLocks(connection: connection, logger: logger))
                _ = try? await connection.checkedQuery("SELECT pg_advisory_unlock_all()", logger: logger)
                return result
            } catch {
                _ = try? await connection.checkedQuery("SELECT pg_advisory_unlock_all()", logger: logger)
                throw error
            }
        }
    }
}
