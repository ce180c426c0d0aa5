import ArgumentParser
import Foundation
import Hummingbird
import Logging
import ServiceLifecycle

/// `relais serve`: the web app and API; with no DATABASE_URL, also the private PostgreSQL cluster.
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "serve", abstract: "Run the web app and API (the default).")

    @Option(help: "Port to listen on (RELAIS_PORT, default 8080).")
    var port: Int?

    @Option(help: "Address to listen on (RELAIS_HOST, default 127.0.0.1).")
    var host: String?

    func run() async throws {
        try await StartupError.reporting { try await serve() }
    }

    private func serve() async throws {
        var configuration = try RelaisConfiguration()
        if let port { configuration.port = port }
        if let host { configuration.host = host }
        let logger = LogSetup.bootstrap(configuration)
        let endpoints = try await DatabaseEndpoints.resolve(configuration, logger: logger)
        let secrets = try ResolvedSecrets.resolve(configuration)
        let (host, sandbox) = (configuration.host, configuration.isSandbox)
        let app = try await ApplicationBuilder.build(
            configuration: configuration, database: endpoints, secrets: secrets, logger: logger,
            onServerRunning: { port in
                print("\nRelais is running: open http://\(host):\(port)\(sandbox ? "  (WhatsApp sandbox mode)" : "")\n")
            })
        var services: [any Service] = []
        if let cluster = endpoints.embedded { services.append(EmbeddedClusterService(cluster: cluster, logger: logger)) }
        services.append(app)
        let group = ServiceGroup(
            configuration: .init(services: services.map { .init(service: $0) }, gracefulShutdownSignals: [.sigterm, .sigint], logger: logger))
        try await group.run()
    }
}

/// `relais migrate`: apply pending migrations to the configured database and exit.
struct MigrateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "migrate", abstract: "Apply pending database migrations.")

    func run() async throws {
        try await StartupError.reporting { try await migrate() }
    }

    private func migrate() async throws {
        let configuration = try RelaisConfiguration()
        let logger = LogSetup.bootstrap(configuration)
        let endpoints = try await DatabaseEndpoints.resolve(configuration, logger: logger)
        guard let owner = endpoints.owner else { throw ConfigurationError.missing("RELAIS_OWNER_DATABASE_URL") }
        try await Migrations.apply(owner: owner, logger: logger)
        try endpoints.stopIfStartedHere()
    }
}

/// `relais version`.
struct VersionCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "version", abstract: "Print the version.")

    func run() { print("relais \(RelaisVersion.current)") }
}
