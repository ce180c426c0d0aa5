import Foundation
import Logging
import PostgresNIO
import RelaisStore

/// The database as the one-shot operator commands (`keys rotate`, `audit verify`) reach it: the same
/// configuration and `DatabaseEndpoints` as `relais serve` (the embedded cluster under `./.relais` is started
/// when it is not running, and left running when a server uses it), pending migrations applied when the owner's
/// URL is known (as `serve` does), then the application role — so these commands need no more privilege than
/// the server, and reach other companies only through the schema's named cross-tenant functions.
enum OperatorDatabase {
    static func run<Result: Sendable>(
        _ body: @Sendable (Database, RelaisConfiguration, Logger) async throws -> Result
    ) async throws -> Result {
        let configuration = try RelaisConfiguration()
        let logger = LogSetup.bootstrap(configuration)
        let endpoints = try await DatabaseEndpoints.resolve(configuration, logger: logger)
        do {
            if let owner = endpoints.owner { try await Migrations.apply(owner: owner, logger: logger, quiet: true) }
            let client = PostgresClient(configuration: endpoints.application.clientConfiguration(maximumConnections: 2), backgroundLogger: logger)
            let result = try await withThrowingTaskGroup(of: Result?.self) { group in
                group.addTask {
                    await client.run()
                    return nil
                }
                let database = Database(client: client, logger: logger)
                try await database.checkSafeToServe(expectedMigrations: try Migration.bundled())
                let result = try await body(database, configuration, logger)
                group.cancelAll()
                return result
            }
            try endpoints.stopIfStartedHere()
            return result
        } catch {
            try? endpoints.stopIfStartedHere()
            throw error
        }
    }
}
