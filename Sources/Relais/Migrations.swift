import Logging
import PostgresNIO
import RelaisStore

/// Runs the bundled migrations once, with a short-lived owner client.
enum Migrations {
    /// `quiet`: print only when something was applied (for commands whose output is about something else).
    static func apply(owner: DatabaseURL, logger: Logger, quiet: Bool = false) async throws {
        let client = PostgresClient(configuration: owner.clientConfiguration(maximumConnections: 1), backgroundLogger: logger)
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { await client.run() }
            let applied = try await Migrator(ownerClient: client, logger: logger).migrate(try Migration.bundled())
            if !applied.isEmpty {
                print("Applied migrations: \(applied.map(String.init).joined(separator: ", "))")
            } else if !quiet {
                print("The database is up to date.")
            }
            group.cancelAll()
        }
    }
}
