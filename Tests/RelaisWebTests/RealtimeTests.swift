import Foundation
import HTTPTypes
import HummingbirdWSClient
import PostgresNIO
import RelaisTestSupport
import Synchronization
import Testing

/// `/api/v1/realtime` for real: a WebSocket over loopback, campaigns sent by a dispatching server through its sandbox
/// simulator, progress announced by PostgreSQL.
@Suite struct RealtimeTests {
    @Test func aSocketFollowsACampaignToItsEndAtMostFourTimesASecondAndNoOtherCompanySeesIt() async throws {
        try await TestServer.with(environment: TestServer.dispatching) { server in
            let fixture = try await CampaignFixture.make(on: server, contacts: 300)
            let campaign = try await fixture.createCampaign()
            let stranger = try await TestTenant.signUp(on: server, company: "Elsewhere")
            let announcements = RawAnnouncements(tenant: fixture.admin.companyID)
            try await announcements.whileListening {
                try await RealtimeSocket.with(server, headers: RealtimeSocket.bearer(stranger.accessToken)) { strangerSocket in
                    // The stranger even asks for this very campaign by id.
                    try strangerSocket.send(["type": "subscribe", "campaign_id": campaign])
                    try await RealtimeSocket.with(server, headers: RealtimeSocket.bearer(fixture.admin.accessToken)) { socket in
                        try socket.send(["type": "subscribe", "campaign_id": campaign])
                        try await socket.waitFor("the subscription") { $0.contains { $0.json["type"] as? String == "subscribed" } }
                        let launch = try await server.request(.POST, "/api/v1/campaigns/\(campaign)/launch", token: fixture.admin.accessToken)
                        #expect(launch.status == 202, "\(launch.text)")
                        _ = try await fixture.waitFor(campaign, state: "completed", seconds: 120)
                        let last = try await Self.lastUpdateMatchesStats(socket, fixture, campaign)
                        #expect(last["run_state"] as? String == "completed")
                        #expect(last["recipients"] as? Int == 300)
                        #expect(last["rate"] as? Double == 0, "a finished run sends nothing")

                        let updates = socket.progress
                        #expect(updates.allSatisfy { $0.json["campaign_id"] as? String == campaign })
                        #expect(updates.count >= 4, "the run was followed, not just its end: \(updates.count) updates")
                        #expect(updates.contains { ($0.json["rate"] as? Double ?? 0) > 0 }, "a rate while sending")
                        #expect(updates.perSecond.allSatisfy { $0 <= 4 }, "updates per second: \(updates.perSecond)")
                        // The limit was exercised: PostgreSQL announced the run more often than that.
                        #expect(announcements.perSecond.contains { $0 > 4 }, "announcements per second: \(announcements.perSecond)")
                    }
                    #expect(strangerSocket.messages.contains { $0.json["type"] as? String == "subscribed" })
                    #expect(strangerSocket.progress.isEmpty, "another company's socket saw \(strangerSocket.progress.map(\.text))")
                }
            }
        }
    }

    @Test func progressReachesASocketOnANodeThatDoesNotSend() async throws {
        try await TestServer.with(environment: TestServer.dispatching) { sender in
            try await TestServer.with { watcher in
                let fixture = try await CampaignFixture.make(on: sender, contacts: 40)
                let campaign = try await fixture.createCampaign()
                try await RealtimeSocket.with(watcher, headers: RealtimeSocket.bearer(fixture.admin.accessToken)) { socket in
                    try socket.send(["type": "subscribe", "campaign_id": campaign])
                    try await socket.waitFor("the subscription") { $0.contains { $0.json["type"] as? String == "subscribed" } }
                    let launch = try await sender.request(.POST, "/api/v1/campaigns/\(campaign)/launch", token: fixture.admin.accessToken)
                    #expect(launch.status == 202, "\(launch.text)")
                    try await socket.waitFor("the run completed", seconds: 60) { received in
                        received.contains { $0.json["run_state"] as? String == "completed" && $0.json["recipients"] as? Int == 40 }
                    }
                }
            }
        }
    }

    @Test func onlyASignedInMemberFromOurOwnPagesMayOpenTheSocket() async throws {
        try await TestServer.with { server in
            let tenant = try await TestTenant.signUp(on: server)
            for headers: HTTPFields in [[:], RealtimeSocket.bearer("not-a-token")] {
                await #expect(throws: WebSocketClientError.webSocketUpgradeFailed) {
                    try await RealtimeSocket.with(server, headers: headers) { _ in }
                }
            }
            let anonymous = try await server.request(.GET, "/api/v1/realtime")
            #expect(anonymous.status == 401)
            #expect(anonymous.headers["Content-Type"].first == "application/problem+json")
            let signedIn = try await server.request(.GET, "/api/v1/realtime", token: tenant.accessToken)
            #expect(signedIn.status == 426)
            #expect(signedIn.headers["Upgrade"].first == "websocket")

            // A browser's socket: its session cookie, from one of our pages. Refused upgrades get hummingbird-websocket's 400.
            let browser = try await BrowserSession.logIn(on: server, email: tenant.email, password: tenant.password)
            let cookie = ("Cookie", "relais_session=\(try #require(browser.cookies["relais_session"]))")
            let ours = ("Origin", "http://127.0.0.1:\(server.port)")
            #expect(try RawHandshake.status(port: server.port, headers: [cookie, ours]) == 101)
            #expect(try RawHandshake.status(port: server.port, headers: [ours]) == 400, "no login")
            // The same cookie sent by another site's page (cross-site WebSocket hijacking), or with no origin at all.
            #expect(try RawHandshake.status(port: server.port, headers: [cookie, ("Origin", "https://evil.example")]) == 400)
            #expect(try RawHandshake.status(port: server.port, headers: [cookie]) == 400)

            // What a socket may say, and what it hears back.
            try await RealtimeSocket.with(server, headers: RealtimeSocket.bearer(tenant.accessToken)) { socket in
                try socket.send(["type": "subscribe"])
                try socket.send(["type": "dance"])
                try await socket.waitFor("the answers") { $0.count >= 2 }
                #expect(socket.messages.map { $0.json["type"] as? String } == ["subscribed", "error"])
            }
        }
    }

    @Test func pagesMayConnectToTheSocketAndLoadTheModuleThatDoes() async throws {
        try await TestServer.with { server in
            let csp = try await server.request(.GET, "/login").headers["Content-Security-Policy"].first ?? ""
            #expect(csp.contains("connect-src 'self' ws://127.0.0.1:\(server.port) wss://127.0.0.1:\(server.port);"), "\(csp)")
            let module = try await server.request(.GET, "/assets/realtime.js")
            #expect(module.status == 200)
            #expect(module.headers["Content-Type"].first?.hasPrefix("text/javascript") == true)
            #expect(module.text.contains("export function subscribeProgress(campaignId, onStats)"))
        }
    }

    /// Waits until the socket's last update shows what `/stats` shows (webhooks may still move delivered and read
    /// after the campaign completed); returns that update.
    static func lastUpdateMatchesStats(_ socket: RealtimeSocket, _ fixture: CampaignFixture, _ campaign: String) async throws -> [String: Any] {
        var stats: [String: Any] = [:]
        for _ in 0..<100 {
            stats = try await fixture.stats(campaign)
            if let last = socket.progress.last?.json, last["state"] as? String == stats["state"] as? String,
                last["by_status"] as? [String: Int] == stats["by_status"] as? [String: Int]
            {
                return last
            }
            try await Task.sleep(for: .milliseconds(200))
        }
        throw TestFailure("the last update \(socket.progress.last?.text ?? "none") never matched the stats \(stats)")
    }
}

/// Every `relais_progress` announcement of one company, counted per second, on a connection of the test's own:
/// proof that the run moved more often than the socket was told.
final class RawAnnouncements: Sendable {
    let tenant: String
    private let times = Mutex([ContinuousClock.Instant]())

    init(tenant: String) { self.tenant = tenant.lowercased() }

    func whileListening(_ body: @Sendable () async throws -> Void) async throws {
        let endpoints = try await TestDatabase.shared.start()
        try await TestDatabase.withOwnerClient(endpoints) { client in
            try await client.withConnection { connection in
                try await connection.listen(on: "relais_progress") { notifications in
                    try await withThrowingTaskGroup(of: Void.self) { group in
                        group.addTask {
                            for try await notification in notifications where notification.payload.hasPrefix(self.tenant) {
                                self.times.withLock { $0.append(.now) }
                            }
                        }
                        try await body()
                        group.cancelAll()
                    }
                }
            }
        }
    }

    var perSecond: [Int] {
        let times = times.withLock { $0 }
        guard let first = times.first else { return [] }
        var buckets: [Int: Int] = [:]
        for time in times { buckets[Int((time - first) / .seconds(1)), default: 0] += 1 }
        return (0...(buckets.keys.max() ?? 0)).map { buckets[$0] ?? 0 }
    }
}
