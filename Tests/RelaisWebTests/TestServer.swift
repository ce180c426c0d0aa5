import AsyncHTTPClient
import Foundation
import Hummingbird
import Logging
import NIOConcurrencyHelpers
import NIOCore
import NIOHTTP1
import RelaisStore
import RelaisTestSupport
import ServiceLifecycle

@testable import Relais

/// A real `relais serve` application on a free loopback port, on the shared test database,
/// spoken to over real HTTP. Built by the same composition root as production.
struct TestServer {
    /// Redirects are not followed: tests look at each answer as the server gave it.
    static let client = HTTPClient(
        eventLoopGroupProvider: .singleton, configuration: HTTPClient.Configuration(redirectConfiguration: .disallow))

    static let jwtSecret = "test-secret-test-secret-test-secret-0123456789"
    static let masterKeys = SecretBox.generateSpec()
    static let appSecret = "test-app-secret"
    static let verifyToken = "test-verify-token"
    /// One key for every server of the run: they share the test database and its suppression list.
    static let suppressionKey = SuppressionKey(secret: "test-suppression-key-test-suppression-key")

    let port: Int
    /// The built-in simulator of this server's sandbox mode.
    let sandboxPort: Int

    var simulator: SimulatorControlClient { SimulatorControlClient(httpClient: HTTPClient.shared, baseURL: "http://127.0.0.1:\(sandboxPort)") }

    /// The environment of a server whose import worker runs.
    static let importing = ["RELAIS_IMPORT_WORKER": "on"]
    /// The environment of a server that sends campaigns (its dispatcher and scheduler run, polling often).
    /// One at a time, so they can afford a bigger pool: send loops, the scheduler, the progress listener and the
    /// dispatch locks each hold connections while requests are served.
    static let dispatching = ["RELAIS_DISPATCHER": "on", "RELAIS_DISPATCH_POLL_MS": "100", "RELAIS_DB_POOL_SIZE": "10"]

    static func with(environment: [String: String] = [:], _ body: @Sendable (TestServer) async throws -> Void) async throws {
        // Servers that run the import worker take turns: any worker claims any queued import, and a server torn
        // down while its worker holds a claim leaves that import to wait for the lease to expire.
        if environment["RELAIS_IMPORT_WORKER"] == "on" {
            try await ServerTurns.importing.withTurn { try await withFreshPorts(environment: environment, body) }
        } else if environment["RELAIS_DISPATCHER"] == "on" {
            // Any dispatcher sends any company's running campaigns through its own sandbox simulator, which knows
            // only its own numbers: servers that dispatch take turns too.
            // The server is cancelled, not awaited (see `start`): give its dispatcher a moment to stop before the next
            // dispatching server starts, or it may still claim that server's campaigns for its own simulator.
            try await ServerTurns.dispatching.withTurn {
                try await withFreshPorts(environment: environment, body)
                try? await Task.sleep(for: .seconds(2))
            }
        } else if ServerTurns.held {
            // A second server of a test that already holds a turn (a watcher beside a sender): waiting for a general
            // turn while holding the dispatch turn would hold up every dispatching test behind the general queue.
            try await withFreshPorts(environment: environment, body)
        } else {
            try await ServerTurns.general.withTurn { try await withFreshPorts(environment: environment, body) }
        }
    }

    /// Free ports are picked before binding (the sandbox simulator must know our port): another process may
    /// take one first, so a server that fails to bind is started again on new ports.
    private static func withFreshPorts(environment: [String: String], _ body: @Sendable (TestServer) async throws -> Void) async throws {
        for attempt in 1...5 {
            if try await start(environment: environment, body) { return }
            if attempt == 5 { throw TestFailure("the test server could not start in 5 attempts") }
        }
    }

    /// Runs `body` against a fresh server; false when the server stopped before it listened (the body did not run).
    private static func start(environment: [String: String], _ body: @Sendable (TestServer) async throws -> Void) async throws -> Bool {
        let (ports, continuation) = AsyncStream<Int>.makeStream()
        let (app, sandboxPort, logger) = try await application(environment: environment) { continuation.yield($0) }
        let group = ServiceGroup(configuration: .init(services: [app], gracefulShutdownSignals: [], logger: logger))
        let server = Task {
            defer { continuation.finish() }
            try? await group.run()
        }
        var iterator = ports.makeAsyncIterator()
        guard let port = await iterator.next() else {
            server.cancel()
            return false
        }
        do {
            try await body(TestServer(port: port, sandboxPort: sandboxPort))
        } catch {
            await stop(group, server)
            throw error
        }
        await stop(group, server)
        return true
    }

    /// A test server's application, not running yet, with the port of its sandbox simulator and its logger: built by
    /// the production composition root on the shared test database, with `environment` over the test defaults.
    static func application(
        environment: [String: String] = [:], onServerRunning: @escaping @Sendable (Int) async -> Void
    ) async throws -> (app: some ApplicationProtocol, sandboxPort: Int, logger: Logger) {
        let endpoints = try await TestDatabase.shared.start()
        let sandboxPort = try FreePort.pick()
        // The import worker runs only in the servers of tests that import (`importing`), so the many servers of a
        // parallel run do not all poll the shared database; a short poll, and a short lease so that an import
        // claimed by a server whose test ended is taken over quickly by another test's server. Dozens of servers
        // share one cluster: small pools keep them under max_connections. The retention job walks every company of
        // the shared database at start; left on, any server starting would anonymise another test's aged messages
        // before that test's own pass (PrivacyTests runs the job itself).
        var env = [
            "RELAIS_PORT": String(try FreePort.pick()), "RELAIS_SANDBOX_PORT": String(sandboxPort), "RELAIS_BCRYPT_COST": "4",
            "RELAIS_SANDBOX": "true", "RELAIS_DB_POOL_SIZE": "4", "RELAIS_IMPORT_WORKER": "off", "RELAIS_IMPORT_POLL_MS": "100", "RELAIS_DISPATCHER": "off",
            "RELAIS_IMPORT_LEASE_SECONDS": "5", "RELAIS_RETENTION_JOB": "off",
            // The weekly report tests drive the service with a fake Monday; a real one in every server would race them.
            "RELAIS_WEEKLY_REPORTS": "off",
        ]
        env.merge(environment) { $1 }
        let configuration = try RelaisConfiguration(environment: env)
        var logger = Logger(label: "relais.test-server")
        logger.logLevel = .critical
        let secrets = ResolvedSecrets(
            jwtSecret: jwtSecret, secretBox: try SecretBox(spec: environment["RELAIS_MASTER_KEYS"] ?? masterKeys), whatsAppAppSecret: appSecret, webhookVerifyToken: verifyToken,
            suppressionKey: suppressionKey)
        let app = try await ApplicationBuilder.build(
            configuration: configuration,
            database: DatabaseEndpoints(application: endpoints.application, owner: nil, embedded: nil),
            secrets: secrets, logger: logger, onServerRunning: onServerRunning)
        return (app, sandboxPort, logger)
    }

    /// Stops a server as production does, gracefully and in order (workers, then the database clients), so that
    /// nothing it claimed or locked outlives the test: a server merely cancelled stopped its clients under
    /// its workers' feet, leaving transactions open, their row locks held, for the next tests to wait on. A server
    /// still running after 10 s is cancelled and left behind; the test does not wait on it any longer.
    private static func stop(_ group: ServiceGroup, _ server: Task<Void, Never>) async {
        await group.triggerGracefulShutdown()
        let ended = NIOLockedValueBox<CheckedContinuation<Bool, Never>?>(nil)
        let stopped = await withCheckedContinuation { continuation in
            ended.withLockedValue { $0 = continuation }
            Task {
                await server.value
                ended.withLockedValue { $0.take()?.resume(returning: true) }
            }
            Task {
                try? await Task.sleep(for: .seconds(10))
                ended.withLockedValue { $0.take()?.resume(returning: false) }
            }
        }
        if !stopped { server.cancel() }
    }

    /// Sends one request; `json` is serialised as the body, `raw` is sent as is.
    func request(
        _ method: HTTPMethod, _ path: String, json: Any? = nil, raw: Data? = nil, token: String? = nil,
        headers extra: [(String, String)] = []
    ) async throws -> TestResponse {
        var request = HTTPClientRequest(url: "http://127.0.0.1:\(port)\(path)")
        request.method = method
        if let token { request.headers.add(name: "Authorization", value: "Bearer \(token)") }
        if let json {
            request.headers.add(name: "Content-Type", value: "application/json")
            request.body = .bytes(ByteBuffer(data: try JSONSerialization.data(withJSONObject: json)))
        } else if let raw {
            request.body = .bytes(ByteBuffer(data: raw))
        }
        for (name, value) in extra { request.headers.add(name: name, value: value) }
        let response = try await Self.client.execute(request, timeout: .seconds(30))
        let body = try await response.body.collect(upTo: 16 << 20)
        return TestResponse(status: Int(response.status.code), headers: response.headers, body: Data(body.readableBytesView))
    }
}

struct TestResponse {
    let status: Int
    let headers: HTTPHeaders
    let body: Data

    var json: [String: Any] { (try? JSONSerialization.jsonObject(with: body)) as? [String: Any] ?? [:] }
    var text: String { String(decoding: body, as: UTF8.self) }

    /// The value of a cookie this response sets.
    func cookie(_ name: String) -> String? {
        headers["Set-Cookie"].lazy.compactMap { line -> String? in
            let pair = line.split(separator: ";")[0].split(separator: "=", maxSplits: 1)
            return pair.count == 2 && pair[0] == name ? String(pair[1]) : nil
        }.first
    }
}

/// A freshly signed-up company, for tests that need one of their own.
struct TestTenant {
    let companyID: String
    let userID: String
    let email: String
    let password: String
    let accessToken: String
    let refreshToken: String

    static func signUp(on server: TestServer, company: String = "Acme") async throws -> TestTenant {
        let email = "admin-\(UUID().uuidString.prefix(12).lowercased())@example.com"
        let password = "correct horse battery staple"
        let response = try await server.request(
            .POST, "/api/v1/auth/signup", json: ["company": company, "name": "Ana Admin", "email": email, "password": password])
        guard response.status == 201 else { throw TestFailure("signup answered \(response.status): \(response.text)") }
        let json = response.json
        return TestTenant(
            companyID: (json["company"] as? [String: Any])?["id"] as? String ?? "",
            userID: (json["user"] as? [String: Any])?["id"] as? String ?? "", email: email, password: password,
            accessToken: json["access_token"] as? String ?? "", refreshToken: json["refresh_token"] as? String ?? "")
    }

    /// Invites a user with `role`, accepts the invitation through its page, then logs in through the API.
    func addMember(on server: TestServer, role: String) async throws -> (id: String, token: String) {
        let email = "\(role)-\(UUID().uuidString.prefix(12).lowercased())@example.com"
        let invite = try await server.request(
            .POST, "/api/v1/users", json: ["name": "Member", "email": email, "role": role], token: accessToken)
        guard invite.status == 201, let link = invite.json["invitation_url"] as? String, let path = URL(string: link)?.path else {
            throw TestFailure("invite answered \(invite.status): \(invite.text)")
        }
        let page = try await server.request(.GET, path)
        let csrf = page.cookie("relais_csrf") ?? ""
        let accepted = try await server.request(
            .POST, path, raw: Data("csrf_token=\(csrf)&password=member-password-1".utf8),
            headers: [("Content-Type", "application/x-www-form-urlencoded"), ("Cookie", "relais_csrf=\(csrf)")])
        guard accepted.status == 303 || accepted.status == 302 else { throw TestFailure("accept answered \(accepted.status)") }
        let login = try await server.request(.POST, "/api/v1/auth/login", json: ["email": email, "password": "member-password-1"])
        let id = (invite.json["user"] as? [String: Any])?["id"] as? String ?? ""
        return (id, login.json["access_token"] as? String ?? "")
    }
}

struct TestFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

import Prometheus
import RelaisWeb
import WhatsAppCloud
import WhatsAppSimulator

extension TestServer {
    /// The API routes the web application registers, read from the same builder the server uses.
    static func registeredRoutes() async throws -> [APIRoute] {
        let endpoints = try await TestDatabase.shared.start()
        return try await TestDatabase.withClient(endpoints.application) { client in
            let database = Database(client: client, logger: Logger(label: "t"))
            let realtime = RealtimeHub(
                database: database, listener: ProgressListener(database: database, logger: Logger(label: "t")), logger: Logger(label: "t"))
            let web = try await WebApplication(
                configuration: WebConfiguration(jwtSecret: jwtSecret), database: database, registry: PrometheusCollectorRegistry(),
                whatsApp: WhatsAppClient(httpClient: HTTPClient.shared, baseURL: "http://127.0.0.1:9", logger: Logger(label: "t")),
                secrets: try SecretBox(spec: masterKeys), sandboxNumbers: nil,
                realtime: realtime, logger: Logger(label: "t"))
            return web.apiRoutes
        }
    }
}

/// Turns to run a server: one importing server at a time, one dispatching server at a time, and a few others (see
/// `TestServer.with`). Swift Testing starts every test of the run at once; left to themselves, a hundred servers would
/// poll the shared database and share two cores, and the tests that wait on real work (a campaign sent, a template
/// approved) would run out of time. A test waiting for its turn costs nothing.
actor ServerTurns {
    static let importing = ServerTurns(width: 1)
    static let dispatching = ServerTurns(width: 1)
    /// `RELAIS_TEST_SERVERS` at once (four per core by default).
    static let general = ServerTurns(
        width: ProcessInfo.processInfo.environment["RELAIS_TEST_SERVERS"].flatMap(Int.init).map { max(1, $0) }
            ?? 4 * ProcessInfo.processInfo.activeProcessorCount)
    /// Whether the current task runs inside a turn.
    @TaskLocal static var held = false

    private let width: Int
    private var running = 0
    private var waiting: [CheckedContinuation<Void, Never>] = []

    init(width: Int) { self.width = width }

    func withTurn(_ body: @Sendable () async throws -> Void) async throws {
        if running < width {
            running += 1
        } else {
            await withCheckedContinuation { waiting.append($0) }
        }
        defer { handOver() }
        try await Self.$held.withValue(true) { try await body() }
    }

    /// The turn passes to the longest waiting test, or is given back.
    private func handOver() {
        if waiting.isEmpty { running -= 1 } else { waiting.removeFirst().resume() }
    }
}
