import ArgumentParser
import Foundation
import Logging
import ServiceLifecycle
import WhatsAppSimulator

/// `relais simulator`: the WhatsApp Cloud API simulator on its own, for load tests and integration runs.
struct SimulatorCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "simulator", abstract: "Run the WhatsApp Cloud API simulator standalone (Graph API paths plus /__sim control).")

    @Option(help: "Port to listen on.")
    var port = 8081

    @Option(help: "Address to listen on.")
    var host = "127.0.0.1"

    @Option(help: "Where to send signed status and inbound webhooks (e.g. http://127.0.0.1:8080/webhooks/whatsapp).")
    var webhookURL: String?

    @Option(help: "App secret that signs the webhooks (X-Hub-Signature-256).")
    var appSecret = "sandbox-app-secret"

    @Option(help: "The Meta app id that oauth/access_token and debug_token calls must name with the app secret.")
    var appID = SimulatorConfiguration().appID

    @Option(help: "Management calls per rolling hour for the whole app before error 4 (unlimited when absent).")
    var appCallsPerHour: Int?

    @Option(help: "Webhook payload shape: current (BSUID era) or classic.")
    var webhookShape = "current"

    @Option(help: "Append every accepted message to this file as JSON lines.")
    var ledgerFile: String?

    @Option(help: "Trust only the certificates of this PEM file for an https webhook URL (e.g. a reverse proxy's test certificate).")
    var webhookCAFile: String?

    func run() async throws {
        let configuration = try RelaisConfiguration()
        let logger = LogSetup.bootstrap(configuration)
        guard let shape = SimulatorConfiguration.WebhookShape(rawValue: webhookShape) else {
            throw ValidationError("--webhook-shape must be current or classic")
        }
        var simulatorConfiguration = SimulatorConfiguration(
            host: host, port: port, webhookURL: webhookURL, appSecret: appSecret, webhookShape: shape,
            onServerRunning: { port in print("WhatsApp simulator listening on http://\(host):\(port)") })
        if let appCallsPerHour, appCallsPerHour < 0 { throw ValidationError("--app-calls-per-hour must be 0 or more") }
        simulatorConfiguration.appID = appID
        simulatorConfiguration.appCallsPerHour = appCallsPerHour
        simulatorConfiguration.ledgerFile = ledgerFile
        simulatorConfiguration.webhookCAFile = webhookCAFile
        let group = ServiceGroup(
            configuration: .init(
                services: [.init(service: WhatsAppSimulator(configuration: simulatorConfiguration, logger: logger))],
                gracefulShutdownSignals: [.sigterm, .sigint], logger: logger))
        try await group.run()
    }
}
