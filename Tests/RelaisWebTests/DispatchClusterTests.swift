import Foundation
import Logging
import PostgresNIO
import RelaisStore
import RelaisTestSupport
import Testing
import WhatsAppSimulator
import WhatsAppTestSupport

@testable import Relais

/// Real `relais` processes against a standalone simulator: killed, restarted, several at once on one database.
/// Each test has a PostgreSQL cluster of its own: its nodes dispatch every company's running campaigns, and must
/// neither send other tests' nor see theirs sent elsewhere. They run one at a time (each is heavy for 2 cores).
@Suite(.serialized) struct DispatchClusterTests {
    /// A fresh, migrated cluster for one test, discarded when the test process exits.
    static func privateCluster() async throws -> (EmbeddedCluster, EmbeddedCluster.Endpoints) {
        var logger = Logger(label: "relais.cluster")
        logger.logLevel = .warning
        let root = try temporaryDirectory().appendingPathComponent("pg")
        let cluster = EmbeddedCluster(
            options: .init(root: root, durable: false, discardWhenProcessExits: getpid()), binaries: try PostgresBinaries.locate(), logger: logger)
        let endpoints = try await cluster.start()
        let migrationLogger = logger
        try await TestDatabase.withClient(endpoints.owner) { client in
            try await Migrator(ownerClient: client, logger: migrationLogger).migrate(try Migration.bundled())
        }
        return (cluster, endpoints)
    }

    /// A simulator whose webhooks go to `webhookPort`, retried for minutes like Meta's (compressed), so a node that
    /// is down for a moment loses none.
    static func withClusterSimulator<T: Sendable>(webhookPort: Int, _ body: (RunningSimulator) async throws -> T) async throws -> T {
        try await withSimulator({ configuration in
            configuration.webhookURL = "http://127.0.0.1:\(webhookPort)/webhooks/whatsapp"
            configuration.appSecret = TestServer.appSecret
            configuration.webhookRetryDelays = SimulatorConfiguration.compressedRetrySchedule
            configuration.webhookTimeout = .seconds(5)
        }, body)
    }

    /// Signs up on `node`, connects a simulator number with `throughput`, gets the template approved, adds contacts.
    static func company(
        on node: TestServer, simulator: RunningSimulator, throughput: Int, contacts: Int, prefix: String, owner: DatabaseURL
    ) async throws -> CampaignFixture {
        let admin = try await TestTenant.signUp(on: node)
        let simulated = try await simulator.control.createNumber(["throughput": throughput])
        let connected = try await node.request(
            .POST, "/api/v1/whatsapp/numbers",
            json: ["phone_number_id": simulated.phoneNumberID, "waba_id": simulated.wabaID, "access_token": simulated.accessToken],
            token: admin.accessToken)
        guard connected.status == 201, let id = connected.json["id"] as? String else { throw TestFailure("connect: \(connected.text)") }
        let fixture = CampaignFixture(server: node, admin: admin, numberID: id, phoneNumberID: simulated.phoneNumberID, owner: owner)
        try await fixture.approvedTemplate()
        try await fixture.insertContacts(contacts, phonePrefix: prefix)
        return fixture
    }

    /// The errors of failed messages, to say why when a test sees some.
    static func failures(_ fixture: CampaignFixture) async throws -> [String] {
        let tenant = try #require(UUID(uuidString: fixture.admin.companyID))
        return try await TestDatabase.withClient(fixture.owner) { client in
            var lines: [String] = []
            let rows = try await client.query(
                "SELECT coalesce(error_code, 0), coalesce(error_title, ''), attempts FROM outbound_messages WHERE tenant_id = \(tenant) AND status = 'failed'")
            for try await (code, title, attempts) in rows.decode((Int, String, Int).self) { lines.append("\(code) \(title) after \(attempts)") }
            return lines
        }
    }

    static func temporaryDirectory() throws -> URL {
        let url = URL(fileURLWithPath: NSTemporaryDirectory()).appendingPathComponent("relais-nodes-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    @Test func killingTheServerThreeTimesLosesNobodyAndSendsNobodyTwice() async throws {
        let (_, endpoints) = try await Self.privateCluster()
        let database = endpoints.application
        let port = try FreePort.pick()
        let directory = try Self.temporaryDirectory()
        try await Self.withClusterSimulator(webhookPort: port) { simulator in
            let node = NodeProcess(
                port: port,
                environment: NodeProcess.environment(
                    database: database, graph: simulator.baseURL, port: port, dataDirectory: directory,
                    extra: ["RELAIS_UNCERTAIN_GRACE": "30"]),
                logFile: directory.appendingPathComponent("node.log"))
            try await node.start()
            let server = TestServer(port: port, sandboxPort: simulator.port)
            let recipients = 20_000
            let fixture = try await Self.company(
                on: server, simulator: simulator, throughput: 1000, contacts: recipients, prefix: "+1666", owner: endpoints.owner)
            let campaign = try await fixture.createCampaign()
            let launch = try await server.request(.POST, "/api/v1/campaigns/\(campaign)/launch", token: fixture.admin.accessToken)
            #expect(launch.json["queued"] as? Int == recipients, "\(launch.text)")
            var generator = SystemRandomNumberGenerator()
            for stage in 0..<3 {
                // A random moment within each third of the sending.
                let threshold = recipients * stage / 3 + Int.random(in: 500..<(recipients / 3 - 500), using: &generator)
                while try await fixture.ledger().count < threshold { try await Task.sleep(for: .milliseconds(50)) }
                node.kill()
                try await node.start()
            }
            let stats = try await fixture.waitFor(campaign, state: "completed", seconds: 240)
            let ledger = try await fixture.ledger()
            #expect(ledger.count == recipients, "0 duplicates: one accepted message per recipient")
            #expect(Set(ledger.map(\.to)).count == recipients, "0 recipients lost")
            #expect(stats["recipients"] as? Int == recipients && stats.count("skipped") == 0, "\(stats)")
            let final = ["sent", "delivered", "read", "failed"].map { stats.count($0) }.reduce(0, +)
            #expect(final == recipients, "every recipient ended in a final state: \(stats)")
            // The simulator, like Meta, reports a few recipients undeliverable (131026); nothing failed on our side.
            let failures = try await Self.failures(fixture)
            #expect(failures.allSatisfy { $0.hasPrefix("131026 ") }, "\(failures)")
            #expect(node.terminate() < .seconds(10), "SIGTERM drains and stops within 10 s")
        }
    }
}
