import Foundation
import RelaisStore
import Testing
import WhatsAppSimulator
import WhatsAppTestSupport

@testable import Relais

extension DispatchClusterTests {
    /// A query written to a connection PostgreSQL had already closed used to wait for ever (PostgresNIO answers none),
    /// so a send loop could hang past a restart; every statement now checks its connection first (`checkedQuery`).
    @Test
    func sendingResumesByItselfAfterPostgreSQLRestarts() async throws {
        let (cluster, endpoints) = try await Self.privateCluster()
        let port = try FreePort.pick()
        let directory = try Self.temporaryDirectory()
        try await Self.withClusterSimulator(webhookPort: port) { simulator in
            let node = NodeProcess(
                port: port,
                environment: NodeProcess.environment(
                    database: endpoints.application, graph: simulator.baseURL, port: port, dataDirectory: directory,
                    extra: ["RELAIS_UNCERTAIN_GRACE": "30"]),
                logFile: directory.appendingPathComponent("node.log"))
            try await node.start()
            let server = TestServer(port: port, sandboxPort: simulator.port)
            let fixture = try await Self.company(
                on: server, simulator: simulator, throughput: 80, contacts: 1200, prefix: "+1777", owner: endpoints.owner)
            let campaign = try await fixture.createCampaign()
            #expect(try await server.request(.POST, "/api/v1/campaigns/\(campaign)/launch", token: fixture.admin.accessToken).status == 202)
            while try await fixture.ledger().count < 300 { try await Task.sleep(for: .milliseconds(50)) }
            try cluster.restart()
            // How long sending takes to resume is measured (printed here, recorded in Benchmarks/RESULTS.md), not asserted:
            // on a loaded 2-core machine it varies. What the test holds is that it resumes by itself and loses nothing.
            let restarted = ContinuousClock.now
            let atRestart = try await fixture.ledger().count
            while try await fixture.ledger().count <= atRestart + 10, ContinuousClock.now - restarted < .seconds(120) {
                try await Task.sleep(for: .milliseconds(100))
            }
            print("sending resumed \(ContinuousClock.now - restarted) after PostgreSQL restarted")
            _ = try await fixture.waitFor(campaign, state: "completed", seconds: 120)
            let ledger = try await fixture.ledger()
            #expect(ledger.count == 1200 && Set(ledger.map(\.to)).count == 1200, "nothing lost, nothing twice")
        }
    }

    @Test func twoNodesShareTheNumbersWithinTheirLimitsAndTakeOverFromADeadOne() async throws {
        let (_, endpoints) = try await Self.privateCluster()
        let ports = (try FreePort.pick(), try FreePort.pick())
        let directory = try Self.temporaryDirectory()
        // Webhooks go to the node that stays up.
        try await Self.withClusterSimulator(webhookPort: ports.1) { simulator in
            let nodes = [ports.0, ports.1].enumerated().map { index, port in
                NodeProcess(
                    port: port,
                    environment: NodeProcess.environment(
                        database: endpoints.application, graph: simulator.baseURL, port: port, dataDirectory: directory,
                        extra: ["RELAIS_UNCERTAIN_GRACE": "20"]),
                    logFile: directory.appendingPathComponent("node\(index).log"))
            }
            for node in nodes { try await node.start() }
            let server = TestServer(port: ports.1, sandboxPort: simulator.port)
            var fixtures: [CampaignFixture] = []
            for (index, prefix) in ["+1881", "+1882", "+1883"].enumerated() {
                let fixture = try await Self.company(
                    on: server, simulator: simulator, throughput: 80, contacts: 600, prefix: prefix, owner: endpoints.owner)
                fixtures.append(fixture)
                _ = index
            }
            var campaigns: [String] = []
            for fixture in fixtures {
                let campaign = try await fixture.createCampaign()
                #expect(try await server.request(.POST, "/api/v1/campaigns/\(campaign)/launch", token: fixture.admin.accessToken).status == 202)
                campaigns.append(campaign)
            }
            while try await fixtures[0].ledger().count < 150 { try await Task.sleep(for: .milliseconds(100)) }
            nodes[0].kill()
            for (fixture, campaign) in zip(fixtures, campaigns) {
                _ = try await fixture.waitFor(campaign, state: "completed", seconds: 120)
                let ledger = try await fixture.ledger()
                #expect(ledger.count == 600 && Set(ledger.map(\.to)).count == 600, "one message each, whichever node sent it")
                // The ledger is stamped by a simulator inside this loaded test process, where a stall of a few dozen
                // milliseconds stamps the sends that arrived meanwhile together (81 in one second was seen once in
                // nine full runs, with the pacer at 96 %). So: no burst past 80 in any 900 ms, which leaves 140 ms
                // for stamping jitter and still catches two nodes sending one number at once (about 140), and no
                // more than the limit allows over any 5 seconds, where jitter no longer matters.
                let burst = Self.busiest(ledger, within: 0.9)
                #expect(burst <= 80, "no burst over the number's 80 messages per second: \(burst) within 900 ms")
                let sustained = Self.busiest(ledger, within: 5)
                #expect(sustained <= 400, "the number never went over its 80 messages per second: \(sustained) within 5 s")
            }
        }
    }

    /// The most messages accepted within any window of `seconds`, from the ledger's acceptance times.
    static func busiest(_ ledger: [LedgerEntry], within seconds: Double) -> Int {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        let times = ledger.compactMap { formatter.date(from: $0.acceptedAt)?.timeIntervalSince1970 }.sorted()
        var busiest = 0
        var start = 0
        for end in times.indices {
            while times[end] - times[start] >= seconds { start += 1 }
            busiest = max(busiest, end - start + 1)
        }
        return busiest
    }
}
