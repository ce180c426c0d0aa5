import Foundation
import Logging
import PostgresNIO
import RelaisStore

#if canImport(Glibc)
import Glibc
#endif

/// The throwaway PostgreSQL every database test of this process shares, migrated once.
///
/// Started the way `relais serve` starts its embedded cluster, in a temporary folder,
/// with a watchdog that stops and deletes it when the test process exits. With
/// `RELAIS_TEST_DATABASE_URL` (application role) and `RELAIS_TEST_OWNER_DATABASE_URL`
/// (schema owner) it uses that server instead. Tests stay independent by each creating
/// its own tenant, never by resetting the database.
public actor TestDatabase {
    public static let shared = TestDatabase()

    private var endpoints: EmbeddedCluster.Endpoints?
    private var starting: Task<EmbeddedCluster.Endpoints, any Error>?

    /// The migrated database's endpoints; the first caller starts and migrates it.
    public func start() async throws -> EmbeddedCluster.Endpoints {
        if let endpoints { return endpoints }
        if let starting { return try await starting.value }
        let task = Task { try await Self.prepare() }
        starting = task
        let ready = try await task.value
        endpoints = ready
        return ready
    }

    private static func prepare() async throws -> EmbeddedCluster.Endpoints {
        let logger = Logger(label: "relais.tests")
        let environment = ProcessInfo.processInfo.environment
        let endpoints: EmbeddedCluster.Endpoints
        if let app = environment["RELAIS_TEST_DATABASE_URL"], let owner = environment["RELAIS_TEST_OWNER_DATABASE_URL"] {
            endpoints = EmbeddedCluster.Endpoints(owner: try DatabaseURL(owner), application: try DatabaseURL(app))
        } else {
            let root = URL(fileURLWithPath: NSTemporaryDirectory()).appendingPathComponent("relais-test-\(getpid())-\(UUID().uuidString.prefix(8))")
            let cluster = EmbeddedCluster(
                options: .init(root: root, durable: false, discardWhenProcessExits: getpid()), binaries: try PostgresBinaries.locate(),
                logger: logger)
            endpoints = try await cluster.start()
        }
        try await withOwnerClient(endpoints) { client in
            try await Migrator(ownerClient: client, logger: logger).migrate(try Migration.bundled())
        }
        return endpoints
    }

    /// Runs `body` with the process-wide client for `url`. Clients are created once per URL and run for the
    /// whole test process: creating and cancelling a pool per call raced connection set-up against shutdown
    /// and could leave a lease waiting forever.
    public static func withClient<Result: Sendable>(
        _ url: DatabaseURL, _ body: @Sendable (PostgresClient) async throws -> Result
    ) async throws -> Result {
        try await body(await shared.client(for: url))
    }

    public static func withOwnerClient<Result: Sendable>(
        _ endpoints: EmbeddedCluster.Endpoints, _ body: @Sendable (PostgresClient) async throws -> Result
    ) async throws -> Result {
        try await withClient(endpoints.owner, body)
    }

    private var clients: [String: PostgresClient] = [:]

    private func client(for url: DatabaseURL) -> PostgresClient {
        let key = "\(url.username)@\(url.host):\(url.port)/\(url.database)"
        if let client = clients[key] { return client }
        let client = PostgresClient(configuration: url.clientConfiguration(maximumConnections: 4), backgroundLogger: Logger(label: "relais.tests.db"))
        // Runs until the test process exits: test support may hold this one unstructured task.
        Task { await client.run() }
        clients[key] = client
        return client
    }
}
