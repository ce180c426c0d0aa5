import Foundation
import Logging
import PostgresNIO
import RelaisCore
import RelaisStore
import RelaisTestSupport
import Testing

/// A node that freezes inside a transaction must not hold its row locks for ever: PostgreSQL ends a session idle in a
/// transaction after `Database.idleTransactionTimeout`, and the rows it locked are free again.
@Suite struct IdleTransactionTests {
    @Test func aTransactionLeftIdleLosesItsSessionAndItsLocks() async throws {
        let endpoints = try await TestDatabase.shared.start()
        try await TestDatabase.withClient(endpoints.application) { client in
            let database = Database(client: client, logger: Logger(label: "test"))
            let tenant = TenantID.generate()
            try await database.withTenant(tenant) { try await $0.insertCompany(name: "Frozen node") }

            // The role's own default covers a session before its transaction's first statement.
            let rows = try await client.query("SHOW idle_in_transaction_session_timeout")
            for try await value in rows.decode(String.self) { #expect(value == Database.idleTransactionTimeout) }

            let woke = WakeFlag()
            async let frozen: Void = database.withTenant(tenant) { connection in
                // Locks the company row, then goes quiet past the timeout, as a node stopped mid-transaction would.
                try await connection.connection.query("SELECT 1 FROM companies FOR UPDATE", logger: Logger(label: "test"))
                try await Task.sleep(for: .seconds(45))
                woke.set()
                _ = try await connection.company()
            }
            try await Task.sleep(for: .seconds(1))
            // Waits on the lock until PostgreSQL ends the idle session, well before the frozen one would wake up.
            try await database.withTenant(tenant) { connection in
                try await connection.connection.query("UPDATE companies SET name = 'Taken over'", logger: Logger(label: "test"))
            }
            #expect(!woke.isSet, "the lock came back only when the frozen transaction woke up")
            // PostgreSQL ended the frozen session: its next statement fails at once (it is not written to the closed
            // connection, where PostgresNIO would leave it unanswered), and nothing it did is kept.
            var frozenFailed = false
            do { try await frozen } catch { frozenFailed = true }
            #expect(frozenFailed)
            let name = try await database.withTenant(tenant) { try await $0.company().name }
            #expect(name == "Taken over")
        }
    }
}

/// Set once the frozen transaction wakes up.
private final class WakeFlag: @unchecked Sendable {
    private let lock = NSLock()
    private var value = false

    var isSet: Bool { lock.withLock { value } }
    func set() { lock.withLock { value = true } }
}
