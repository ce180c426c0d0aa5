import Foundation
import RelaisStore
import Testing

/// A `relais serve` process of its own (the binary `swift build` made next to the tests), for what only a real
/// process shows: SIGKILL at any instant, SIGTERM draining, several nodes on one database.
final class NodeProcess: @unchecked Sendable {
    let port: Int
    let environment: [String: String]
    let logFile: URL
    private var process: Process?

    init(port: Int, environment: [String: String], logFile: URL) {
        self.port = port
        self.environment = environment
        self.logFile = logFile
    }

    /// The `relais` executable built beside the test bundle.
    static var binary: URL {
        let beside = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("relais")
        if FileManager.default.isExecutableFile(atPath: beside.path) { return beside }
        return URL(fileURLWithPath: FileManager.default.currentDirectoryPath).appendingPathComponent(".build/debug/relais")
    }

    /// The environment of a production-mode node on `database`, sending through the simulator at `graph`.
    static func environment(database: DatabaseURL, graph: String, port: Int, dataDirectory: URL, extra: [String: String]) -> [String: String] {
        let password = database.password?.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? ""
        var environment = [
            "DATABASE_URL": "postgres://\(database.username):\(password)@\(database.host):\(database.port)/\(database.database)",
            "RELAIS_JWT_SECRET": TestServer.jwtSecret, "RELAIS_MASTER_KEYS": TestServer.masterKeys,
            "RELAIS_SUPPRESSION_KEY": "test-suppression-key-test-suppression-key",
            "RELAIS_WHATSAPP_APP_SECRET": TestServer.appSecret, "RELAIS_WEBHOOK_VERIFY_TOKEN": TestServer.verifyToken,
            "RELAIS_SANDBOX": "false", "RELAIS_GRAPH_BASE_URL": graph, "RELAIS_PORT": String(port), "RELAIS_HOST": "127.0.0.1",
            "RELAIS_BCRYPT_COST": "4", "RELAIS_DB_POOL_SIZE": "8", "RELAIS_IMPORT_WORKER": "off", "RELAIS_DISPATCH_POLL_MS": "200",
            "RELAIS_LOG_LEVEL": ProcessInfo.processInfo.environment["RELAIS_TEST_NODE_LOG_LEVEL"] ?? "warning", "RELAIS_DATA_DIR": dataDirectory.path, "RELAIS_AUTH_RATE_LIMIT": "10000",
            "PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin",
        ]
        environment.merge(extra) { $1 }
        return environment
    }

    /// Starts the process and waits until it answers `/readyz`.
    func start() async throws {
        let process = Process()
        process.executableURL = Self.binary
        process.arguments = ["serve"]
        process.environment = environment
        if !FileManager.default.fileExists(atPath: logFile.path) { FileManager.default.createFile(atPath: logFile.path, contents: nil) }
        let log = try FileHandle(forWritingTo: logFile)
        log.seekToEndOfFile()
        process.standardOutput = log
        process.standardError = log
        try process.run()
        self.process = process
        let server = TestServer(port: port, sandboxPort: 0)
        for _ in 0..<300 {
            if let ready = try? await server.request(.GET, "/readyz"), ready.status == 200 { return }
            guard process.isRunning else { break }
            try await Task.sleep(for: .milliseconds(100))
        }
        throw TestFailure("relais did not become ready on port \(port); see \(logFile.path)")
    }

    /// SIGKILL: no shutdown at all, as when a machine dies.
    func kill() {
        guard let process, process.isRunning else { return }
        Foundation.kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
    }

    /// SIGTERM; returns how long the process took to exit.
    func terminate() -> Duration {
        guard let process, process.isRunning else { return .zero }
        let clock = ContinuousClock()
        let started = clock.now
        process.terminate()
        process.waitUntilExit()
        return clock.now - started
    }

    deinit { kill() }
}
