import AsyncHTTPClient
import Hummingbird
import Logging
import NIOCore
import NIOSSL
import ServiceLifecycle
import WhatsAppCloud

/// A faithful local stand-in for Meta's WhatsApp Cloud API: Graph endpoints, limits, faults, ledger and signed webhooks.
///
/// A `Service`: run it in a `ServiceGroup` (standalone `relais simulator`, or inside `relais serve` in sandbox mode).
/// It holds no global state, so several simulators can run in one process (tests do).
public struct WhatsAppSimulator: Service {
    public let configuration: SimulatorConfiguration
    let logger: Logger
    let store: SimulatorStore

    public init(configuration: SimulatorConfiguration, logger: Logger) {
        self.configuration = configuration
        self.logger = logger
        store = SimulatorStore(
            configuration: SimulatorStateConfiguration(
                seed: configuration.seed, defaultBehavior: configuration.defaultBehavior, progression: configuration.statusProgression,
                pairInterval: configuration.pairInterval, pairBurst: configuration.pairBurst, pairBurstWindow: configuration.pairBurstWindow,
                throttleHTTPStatus: configuration.throttleHTTPStatus, templateApprovalDelay: configuration.templateApprovalDelay,
                shape: configuration.webhookShape, outOfOrderRate: configuration.outOfOrderRate,
                duplicateWebhookRate: configuration.duplicateWebhookRate, blockMarketingToUS: configuration.blockMarketingToUS))
        if let path = configuration.stateFile { StateFileWriter.load(into: store, path: path, logger: logger) }
    }

    /// Serves HTTP and runs the webhook loop until graceful shutdown or cancellation.
    public func run() async throws {
        let builder = WebhookPayloadBuilder(shape: configuration.webhookShape, escapeNonASCII: configuration.escapeNonASCII)
        let httpClient = HTTPClient(eventLoopGroupProvider: .singleton, configuration: Self.webhookClientConfiguration(configuration))
        let router = Router(context: SimulatorRequestContext.self)
        ControlController(store: store, builder: builder).addRoutes(to: router)
        GraphController(
            store: store, timeoutHang: configuration.timeoutHang, app: (configuration.appID, configuration.appSecret),
            appCallsPerHour: configuration.appCallsPerHour, httpClient: httpClient
        ).addRoutes(to: router)
        let onServerRunning = configuration.onServerRunning
        let app = Application(
            router: router,
            configuration: .init(address: .hostname(configuration.host, port: configuration.port), serverName: "WhatsAppSimulator"),
            onServerRunning: { channel in await onServerRunning(channel.localAddress?.port ?? 0) },
            logger: logger)
        let loop = WebhookDeliveryLoop(
            store: store, httpClient: httpClient, webhookURL: configuration.webhookURL,
            signature: WebhookSignature(appSecret: configuration.appSecret), builder: builder, retryDelays: configuration.webhookRetryDelays,
            timeout: configuration.webhookTimeout, batchSize: configuration.webhookBatchSize, concurrency: configuration.webhookConcurrency,
            verifyToken: configuration.webhookVerifyToken, signWrongly: configuration.signWebhooksWrongly, logger: logger)
        do {
            try await withThrowingTaskGroup(of: Bool.self) { group in
                group.addTask {
                    try await app.run()
                    return true
                }
                group.addTask {
                    await cancelWhenGracefulShutdown { await loop.run() }
                    return false
                }
                if let path = configuration.stateFile {
                    let writer = StateFileWriter(store: store, path: path, logger: logger)
                    group.addTask {
                        await cancelWhenGracefulShutdown { await writer.run() }
                        return false
                    }
                }
                if let path = configuration.ledgerFile {
                    let writer = LedgerFileWriter(store: store, path: path, logger: logger)
                    group.addTask {
                        await cancelWhenGracefulShutdown { await writer.run() }
                        return false
                    }
                }
                // The server stops by itself on graceful shutdown; the loop only needs cancelling if the server
                // ended for another reason (cancelling the server mid-shutdown would abort its connections).
                if try await group.next() == true { group.cancelAll() }
                try await group.waitForAll()
            }
        } catch {
            try? await httpClient.shutdown()
            throw error
        }
        try await httpClient.shutdown()
    }

    /// The webhook client's configuration: the system's trust roots, or only those of `webhookCAFile`.
    static func webhookClientConfiguration(_ configuration: SimulatorConfiguration) -> HTTPClient.Configuration {
        var client = HTTPClient.Configuration()
        if let file = configuration.webhookCAFile {
            var tls = TLSConfiguration.makeClientConfiguration()
            tls.trustRoots = .file(file)
            client.tlsConfiguration = tls
        }
        return client
    }
}
