import Logging
import PostgresNIO
import RelaisStore

/// Runs the bundled migrations once, with a short-lived owner client.
enum Migrations {
    static func apply(owner: DatabaseURL, logger: Logger) async throws {
        let client = PostgresClient(configuration: owner.clientConfiguration(maximumConnections: 1), backgroundLogger: logger)
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { await client.run() }
            let applied = try await Migrator(ownerClient: client, logger: logger).migrate(try Migration.bundled())
            print(applied.isEmpty ? "The database is up to date." : "Applied migrations: \(applied.map(String.init).joined(separator: ", "))")
            group.cancelAll()
        }
    }
}
