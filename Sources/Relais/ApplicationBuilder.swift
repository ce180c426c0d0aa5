import Foundation
import Hummingbird
import Logging
import NIOCore
import PostgresNIO
import Prometheus
import RelaisStore
import RelaisWeb
import ServiceLifecycle

/// The composition root: the only place that constructs the services and wires them together.
/// `relais serve` and the tests call the same function.
enum ApplicationBuilder {
    /// Builds the web application with its database clients as attached services. Before the
    /// server accepts a request it applies pending migrations (when it has the owner's URL) and
    /// refuses an unsafe application role or an out-of-date schema.
    static func build(
        configuration: RelaisConfiguration, database endpoints: DatabaseEndpoints, jwtSecret: String, logger: Logger,
        onServerRunning: @escaping @Sendable (Int) async -> Void = { _ in }
    ) async throws -> some ApplicationProtocol {
        let applicationClient = PostgresClient(
            configuration: endpoints.application.clientConfiguration(maximumConnections: configuration.databasePoolSize),
            backgroundLogger: logger)
        let ownerClient = endpoints.owner.map {
            PostgresClient(configuration: $0.clientConfiguration(maximumConnections: 2), backgroundLogger: logger)
        }
        let database = Database(client: applicationClient, logger: logger)
        let registry = PrometheusCollectorRegistry()
        let web = try await WebApplication(
            configuration: configuration.web(jwtSecret: jwtSecret), database: database, registry: registry, logger: logger)
        let migrations = try Migration.bundled()

        // The import worker comes after the database clients, so it stops first at shutdown.
        var services: [any Service] = [applicationClient]
        if let ownerClient { services.append(ownerClient) }
        if configuration.runsImportWorker {
            services.append(ContactImportWorker(database: database, logger: logger, settings: configuration.importWorker))
        }
        var app = Application(
            router: web.router,
            configuration: .init(address: .hostname(configuration.host, port: configuration.port), serverName: "relais"),
            services: services,
            onServerRunning: { channel in await onServerRunning(channel.localAddress?.port ?? 0) },
            logger: logger)
        app.beforeServerStarts {
            if let ownerClient {
                try await Migrator(ownerClient: ownerClient, logger: logger).migrate(migrations)
            }
            try await database.checkSafeToServe(expectedMigrations: migrations)
        }
        return app
    }
}

/// Stops the embedded cluster when the service group shuts down (it is the first service, so it stops last).
struct EmbeddedClusterService: Service {
    let cluster: EmbeddedCluster
    let logger: Logger

    func run() async throws {
        try? await gracefulShutdown()
        do {
            try cluster.stop()
        } catch {
            logger.error("could not stop the embedded PostgreSQL", metadata: ["error": "\(error)"])
        }
    }
}
