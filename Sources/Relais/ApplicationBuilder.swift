import AsyncHTTPClient
import Foundation
import Hummingbird
import HummingbirdWebSocket
import Logging
import NIOCore
import PostgresNIO
import Prometheus
import RelaisDispatch
import RelaisStore
import RelaisWeb
import ServiceLifecycle
import WhatsAppCloud
import WhatsAppSimulator

/// The composition root: the only place that constructs the services and wires them together.
/// `relais serve` and the tests call the same function.
enum ApplicationBuilder {
    /// Builds the web application with its database clients, the webhook processor and, in
    /// sandbox mode, the built-in WhatsApp simulator as attached services. Before the server
    /// accepts a request it applies pending migrations (when it has the owner's URL) and refuses
    /// an unsafe application role or an out-of-date schema.
    static func build(
        configuration: RelaisConfiguration, database endpoints: DatabaseEndpoints, secrets: ResolvedSecrets, logger: Logger,
        onServerRunning: @escaping @Sendable (Int) async -> Void = { _ in }
    ) async throws -> some ApplicationProtocol {
        var configuration = configuration
        if configuration.port == 0 { configuration.port = try FreePort.pick() }
        if configuration.isSandbox && configuration.sandboxPort == 0 { configuration.sandboxPort = try FreePort.pick() }

        let applicationClient = PostgresClient(
            configuration: endpoints.application.clientConfiguration(maximumConnections: configuration.databasePoolSize),
            backgroundLogger: logger)
        let ownerClient = endpoints.owner.map {
            PostgresClient(configuration: $0.clientConfiguration(maximumConnections: 2), backgroundLogger: logger)
        }
        // Behind a transaction pooler, LISTEN and the dispatch locks need connections of their own on the server:
        // a small direct pool (the listener, the lock connection, one spare for a reconnect).
        let sessionClient = endpoints.direct.map {
            PostgresClient(configuration: $0.clientConfiguration(maximumConnections: 3), backgroundLogger: logger)
        }
        let database = Database(
            client: applicationClient, logger: logger, schema: SchemaReadiness(), sessionClient: sessionClient,
            usesPreparedStatements: configuration.usesPreparedStatements, suppressionKey: secrets.suppressionKey)
        let registry = PrometheusCollectorRegistry()
        let sandbox = configuration.isSandbox ? Sandbox(configuration: configuration, secrets: secrets, logger: logger) : nil
        let graphBaseURL = configuration.graphBaseURL ?? sandbox?.baseURL ?? "https://graph.facebook.com"
        let whatsApp = WhatsAppClient(
            httpClient: GraphHTTPClient.shared, baseURL: graphBaseURL, apiVersion: configuration.graphVersion, timeout: configuration.graphTimeout, logger: logger)
        let realtime = RealtimeHub(database: database, listener: ProgressListener(database: database, logger: logger), logger: logger)
        let backups = BackupService(
            database: database, owner: endpoints.owner, tool: (try? PostgresBinaries.locate()).map { PostgresBackup(binaries: $0, logger: logger) },
            settings: configuration.backupSettings, registry: registry, logger: logger)
        let web = try await WebApplication(
            configuration: configuration.web(secrets), database: database, registry: registry, whatsApp: whatsApp,
            secrets: secrets.secretBox, sandboxNumbers: sandbox?.numbers, realtime: realtime, backups: backups, logger: logger)
        let migrations = try Migration.bundled()

        // Background workers come after the database clients, so they stop first at shutdown.
        var services: [any Service] = [applicationClient]
        if let sessionClient { services.append(sessionClient) }
        if let ownerClient { services.append(ownerClient) }
        if let sandbox { services.append(sandbox.simulator) }
        services.append(WebhookProcessor(database: database, logger: logger))
        services.append(backups)
        if configuration.runsRetention { services.append(RetentionService(database: database, logger: logger)) }
        // On every node: the claim in the database makes one report per company and week however many run it.
        if configuration.runsWeeklyReports { services.append(try WeeklyReportService(database: database, logger: logger)) }
        if configuration.runsImportWorker {
            services.append(ContactImportWorker(database: database, logger: logger, settings: configuration.importWorker))
        }
        if configuration.runsDispatcher {
            services.append(CampaignScheduler(database: database, settings: configuration.dispatch, logger: logger))
            services.append(
                Dispatcher(database: database, whatsApp: whatsApp, secrets: secrets.secretBox, settings: configuration.dispatch, logger: logger))
        }
        // Every node that serves sockets listens and fans out, whether it dispatches or not: a browser may be
        // connected to any of them. A dispatcher-only node serves none.
        if configuration.role.servesApplication { services.append(realtime) }
        // HTTP/1 as before, plus the upgrade of `/api/v1/realtime`; sockets are pinged every 30 s and closed when
        // the pong does not come back, so dead peers do not hold subscriptions.
        let requestTimeout = TimeAmount.seconds(Int64(configuration.requestTimeout.components.seconds))
        var app = Application(
            router: web.router,
            server: .guardedHTTP1WebSocketUpgrade(
                webSocketRouter: web.webSocketRouter,
                configuration: .init(
                    http1: .init(
                        additionalChannelHandlers: [RequestHeadDeadlineHandler(timeout: requestTimeout)], idleTimeout: requestTimeout),
                    ws: .init(autoPing: .enabled(timePeriod: .seconds(30)))),
                // A head must arrive within the request timeout; past 72 KB it is refused (the middleware's 32 KB
                // limit answers with a problem document below that, NIO's parser gives up at 80 KB).
                headTimeout: requestTimeout, maxHeadBytes: 72 * 1024),
            configuration: .init(address: .hostname(configuration.host, port: configuration.port), serverName: "relais"),
            services: services,
            onServerRunning: { channel in await onServerRunning(channel.localAddress?.port ?? 0) },
            logger: logger)
        app.beforeServerStarts {
            if let ownerClient {
                try await Migrator(ownerClient: ownerClient, logger: logger).migrate(migrations)
            }
            try await database.checkSafeToServe(expectedMigrations: migrations)
            database.schema.markReady()
        }
        return app
    }
}

/// The HTTP client for the Graph API: a refused connection fails at once instead of being retried until
/// the request deadline (a send loop must learn quickly that WhatsApp is unreachable), and connects give up
/// after 5 s. One per process, never shut down, like `HTTPClient.shared`.
enum GraphHTTPClient {
    static let shared: HTTPClient = {
        var configuration = HTTPClient.Configuration()
        configuration.timeout.connect = .seconds(5)
        configuration.connectionPool.retryConnectionEstablishment = false
        // As many as a number's send loop may have in flight (DispatchSettings.inFlightLimit); over HTTP/2, as
        // Meta's Graph API speaks it, a few connections carry them all.
        configuration.connectionPool.concurrentHTTP1ConnectionsPerHostSoftLimit = 1024
        return HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
    }()
}

/// Sandbox mode: the simulator runs inside this process and sends its signed webhooks to our own endpoint.
struct Sandbox {
    let simulator: WhatsAppSimulator
    let baseURL: String
    let numbers: SandboxNumbers

    init(configuration: RelaisConfiguration, secrets: ResolvedSecrets, logger: Logger) {
        var simulatorConfiguration = SimulatorConfiguration(
            host: "127.0.0.1", port: configuration.sandboxPort,
            webhookURL: "http://127.0.0.1:\(configuration.port)/webhooks/whatsapp", appSecret: secrets.whatsAppAppSecret,
            seed: UInt64.random(in: 1...UInt64.max))
        // The sandbox's numbers and templates outlive a restart, like the database that references them.
        simulatorConfiguration.stateFile = configuration.sandboxStateFile
        simulator = WhatsAppSimulator(configuration: simulatorConfiguration, logger: logger)
        baseURL = "http://127.0.0.1:\(configuration.sandboxPort)"
        let control = SimulatorControlClient(httpClient: HTTPClient.shared, baseURL: baseURL)
        numbers = SandboxNumbers { display in
            let number = try await control.createNumber(display.map { ["display_phone_number": $0] } ?? [:])
            return .init(phoneNumberID: number.phoneNumberID, wabaID: number.wabaID, accessToken: number.accessToken)
        }
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
