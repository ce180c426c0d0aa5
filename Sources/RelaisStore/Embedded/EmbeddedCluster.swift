import Foundation
import Logging
import PostgresNIO

#if canImport(Glibc)
import Glibc
#endif

/// A private PostgreSQL cluster under `.relais/`, so that `swift run relais` and
/// `swift test` need nothing but PostgreSQL's binaries.
///
/// The first start runs `initdb`; later starts reuse the data, and a cluster left
/// running by a killed server is adopted as it is. PostgreSQL refuses to run as
/// root, so as root the cluster runs as the `postgres` (or `nobody`) user.
public struct EmbeddedCluster: Sendable {
    public struct Options: Sendable {
        /// The folder that holds the state file and, when reachable, the data directory (`pg/`).
        public var root: URL
        /// Trades durability for speed (fsync off): for throwaway test clusters only.
        public var durable: Bool = true
        /// When set, a watchdog stops the cluster and deletes `root` once this process id is gone.
        public var discardWhenProcessExits: Int32?

        public init(root: URL, durable: Bool = true, discardWhenProcessExits: Int32? = nil) {
            self.root = root
            self.durable = durable
            self.discardWhenProcessExits = discardWhenProcessExits
        }
    }

    /// How to reach the started cluster, as its owner (migrations) and as the application role.
    public struct Endpoints: Sendable {
        public let owner: DatabaseURL
        public let application: DatabaseURL
        /// True when `start` found the cluster already running (a `relais serve` owns it): a one-shot
        /// command must then leave it running when it exits.
        public let adopted: Bool

        public init(owner: DatabaseURL, application: DatabaseURL, adopted: Bool = false) {
            self.owner = owner
            self.application = application
            self.adopted = adopted
        }
    }

    public static let ownerRole = "relais_owner"
    public static let applicationRole = "relais_app"
    public static let databaseName = "relais"

    let options: Options
    let binaries: PostgresBinaries
    let logger: Logger

    public init(options: Options, binaries: PostgresBinaries, logger: Logger) {
        self.options = options
        self.binaries = binaries
        self.logger = logger
    }

    /// Initialises (first run), starts or adopts the cluster, and makes sure the roles and database exist.
    public func start() async throws -> Endpoints {
        let fileManager = FileManager.default
        try fileManager.createDirectory(at: options.root, withIntermediateDirectories: true)
        let runAs = try unprivilegedUser()
        let stateURL = options.root.appendingPathComponent("postgres.json")
        var state = try EmbeddedClusterState.load(from: stateURL)
            ?? EmbeddedClusterState(
                dataDirectory: try chooseDataDirectory(runAs: runAs), port: 0,
                ownerPassword: EmbeddedClusterState.randomSecret(), applicationPassword: EmbeddedClusterState.randomSecret())
        try state.save(to: stateURL)
        let data = state.dataDirectory
        if !fileManager.fileExists(atPath: data + "/PG_VERSION") {
            try initialise(state: state, runAs: runAs)
        }
        var adopted = false
        if let runningPort = runningPort(dataDirectory: data, runAs: runAs) {
            logger.info("adopting the running embedded PostgreSQL", metadata: ["port": "\(runningPort)"])
            state.port = runningPort
            adopted = true
        } else {
            try startServer(&state, runAs: runAs)
        }
        try state.save(to: stateURL)
        if let pid = options.discardWhenProcessExits { startWatchdog(parent: pid, data: data, runAs: runAs) }
        do {
            try await bootstrap(server: serverURL(state), applicationPassword: state.applicationPassword)
        } catch where adopted {
            // The pid file named a process that does not answer (killed, or a zombie nobody reaped):
            // clear the stale lock and start afresh rather than fail.
            logger.warning("the embedded PostgreSQL looked alive but does not answer; restarting it", metadata: ["error": "\(error)"])
            _ = try? ProcessRunner.run(binaries.path("pg_ctl"), ["-D", data, "-m", "immediate", "-w", "stop"], asUser: runAs)
            try? FileManager.default.removeItem(atPath: data + "/postmaster.pid")
            try startServer(&state, runAs: runAs)
            try state.save(to: stateURL)
            try await bootstrap(server: serverURL(state), applicationPassword: state.applicationPassword)
            adopted = false
        }
        let server = serverURL(state)
        let owner = server.with(database: Self.databaseName)
        return Endpoints(
            owner: owner, application: owner.with(username: Self.applicationRole, password: state.applicationPassword), adopted: adopted)
    }

    private func serverURL(_ state: EmbeddedClusterState) -> DatabaseURL {
        DatabaseURL(host: "127.0.0.1", port: state.port, username: Self.ownerRole, password: state.ownerPassword, database: "postgres")
    }

    /// Starts the server on its remembered port when free, else on a free one.
    private func startServer(_ state: inout EmbeddedClusterState, runAs: String?) throws {
        let data = state.dataDirectory
        state.port = (state.port != 0 && LoopbackPort.isFree(state.port)) ? state.port : try LoopbackPort.free()
        try ProcessRunner.run(
            binaries.path("pg_ctl"), ["-D", data, "-l", data + "/server.log", "-w", "-t", "60", "-o", "-p \(state.port)", "start"],
            asUser: runAs)
        logger.info("started embedded PostgreSQL", metadata: ["port": "\(state.port)", "data": "\(data)"])
    }

    /// Stops the cluster this launcher started (fast shutdown: sessions are ended, data is flushed).
    public func stop() throws {
        guard let state = try EmbeddedClusterState.load(from: options.root.appendingPathComponent("postgres.json")) else { return }
        try ProcessRunner.run(binaries.path("pg_ctl"), ["-D", state.dataDirectory, "-m", "fast", "-w", "stop"], asUser: try unprivilegedUser())
        logger.info("stopped embedded PostgreSQL")
    }

    /// Restarts the running cluster on the same port (fast: sessions are ended), as an operator's restart would;
    /// clients see their connections dropped and must reconnect.
    public func restart() throws {
        guard let state = try EmbeddedClusterState.load(from: options.root.appendingPathComponent("postgres.json")) else { return }
        try ProcessRunner.run(
            binaries.path("pg_ctl"), ["-D", state.dataDirectory, "-l", state.dataDirectory + "/server.log", "-m", "fast", "-w", "restart"],
            asUser: try unprivilegedUser())
        logger.info("restarted embedded PostgreSQL", metadata: ["port": "\(state.port)"])
    }

    /// nil when not root; otherwise the user PostgreSQL will run as.
    func unprivilegedUser() throws(EmbeddedClusterError) -> String? {
        guard geteuid() == 0 else { return nil }
        for name in ["postgres", "nobody"] where getpwnam(name) != nil { return name }
        throw .noUnprivilegedUser
    }

    /// `root/pg`, unless the unprivileged user cannot reach it (e.g. the checkout lives under /root);
    /// then a folder of its own under /var/tmp, named after `root` so that later runs find it again.
    func chooseDataDirectory(runAs: String?) throws -> String {
        let preferred = options.root.appendingPathComponent("pg").path
        guard let runAs else { return preferred }
        try FileManager.default.setAttributes([.posixPermissions: 0o711], ofItemAtPath: options.root.path)
        if (try? ProcessRunner.run("/usr/bin/test", ["-x", options.root.path], asUser: runAs)) != nil { return preferred }
        let digest = options.root.path.utf8.reduce(UInt64(14_695_981_039_346_656_037)) { ($0 ^ UInt64($1)) &* 1_099_511_628_211 }
        return "/var/tmp/relais-pg-\(String(digest, radix: 16))"
    }

    private func initialise(state: EmbeddedClusterState, runAs: String?) throws {
        let fileManager = FileManager.default
        let data = state.dataDirectory
        try fileManager.createDirectory(atPath: data, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        let passwordFile = URL(fileURLWithPath: NSTemporaryDirectory()).appendingPathComponent("relais-pw-\(UUID().uuidString)")
        try Data(state.ownerPassword.utf8).write(to: passwordFile)
        defer { try? fileManager.removeItem(at: passwordFile) }
        try fileManager.setAttributes([.posixPermissions: 0o600], ofItemAtPath: passwordFile.path)
        if let runAs, let account = getpwnam(runAs) {
            for path in [data, passwordFile.path] { chown(path, account.pointee.pw_uid, account.pointee.pw_gid) }
        }
        try ProcessRunner.run(
            binaries.path("initdb"),
            ["-D", data, "-U", Self.ownerRole, "--pwfile=\(passwordFile.path)", "-A", "scram-sha-256", "-E", "UTF8", "--no-locale"],
            asUser: runAs)
        var settings = """

            # Relais embedded cluster: loopback TCP only, no Unix socket (its path would depend on the checkout).
            listen_addresses = '127.0.0.1'
            unix_socket_directories = ''
            max_connections = 200
            shared_buffers = \(Self.sharedBuffersMB)MB

            """
        // Throwaway test clusters trade durability for speed and serve many parallel test servers.
        if !options.durable { settings += "fsync = off\nsynchronous_commit = off\nfull_page_writes = off\nmax_connections = 500\n" }
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: data + "/postgresql.conf"))
        try handle.seekToEnd()
        try handle.write(contentsOf: Data(settings.utf8))
        try handle.close()
        logger.info("initialised embedded PostgreSQL", metadata: ["data": "\(data)"])
    }

    /// An eighth of the machine's memory, between PostgreSQL's default 128 MB and 1 GB: at 128 MB a 200,000-recipient
    /// launch wrote evicted dirty pages itself while inserting (its indexes alone outgrow the cache), and the
    /// embedded cluster is the only database on its machine in the default setup.
    static var sharedBuffersMB: Int {
        let eighth = Int(ProcessInfo.processInfo.physicalMemory / 8 / 1_048_576)
        return min(max(eighth, 128), 1024)
    }

    /// The port of a cluster already running on `dataDirectory`, read from `postmaster.pid`.
    private func runningPort(dataDirectory: String, runAs: String?) -> Int? {
        guard (try? ProcessRunner.run(binaries.path("pg_ctl"), ["-D", dataDirectory, "status"], asUser: runAs)) != nil,
            let pidFile = try? String(contentsOfFile: dataDirectory + "/postmaster.pid", encoding: .utf8)
        else { return nil }
        let lines = pidFile.split(separator: "\n", omittingEmptySubsequences: false)
        return lines.count > 3 ? Int(lines[3]) : nil
    }

    /// Creates the application role and the database when missing; safe to repeat.
    private func bootstrap(server: DatabaseURL, applicationPassword: String) async throws {
        let configuration = PostgresConnection.Configuration(
            host: server.host, port: server.port, username: server.username, password: server.password,
            database: server.database, tls: .disable)
        let connection = try await PostgresConnection.connect(configuration: configuration, id: 1, logger: logger)
        do {
            try await createMissingRolesAndDatabase(on: connection, applicationPassword: applicationPassword)
            try await connection.close()
        } catch {
            try? await connection.close()
            throw error
        }
    }

    private func createMissingRolesAndDatabase(on connection: PostgresConnection, applicationPassword: String) async throws {
        // Role names and the hex password are our own constants, never user input.
        let statements: [(check: String, create: String)] = [
            ("SELECT 1 FROM pg_roles WHERE rolname = 'relais_application'",
             "CREATE ROLE relais_application NOLOGIN NOSUPERUSER NOBYPASSRLS"),
            ("SELECT 1 FROM pg_roles WHERE rolname = '\(Self.applicationRole)'",
             "CREATE ROLE \(Self.applicationRole) LOGIN NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE PASSWORD '\(applicationPassword)' IN ROLE relais_application"),
            ("SELECT 1 FROM pg_database WHERE datname = '\(Self.databaseName)'",
             "CREATE DATABASE \(Self.databaseName) OWNER \(Self.ownerRole) ENCODING 'UTF8'"),
        ]
        for statement in statements {
            var exists = false
            for try await _ in try await connection.query(PostgresQuery(unsafeSQL: statement.check), logger: logger) { exists = true }
            if !exists { try await connection.query(PostgresQuery(unsafeSQL: statement.create), logger: logger) }
        }
        // Also the role's default, so the moment between BEGIN and a transaction's first statement is covered too
        // (see `Database.idleTransactionTimeout`); repeated at every start, so clusters made before it get it.
        try await connection.query(
            PostgresQuery(
                unsafeSQL: "ALTER ROLE \(Self.applicationRole) SET idle_in_transaction_session_timeout = '\(Database.idleTransactionTimeout)'"),
            logger: logger)
    }

    /// A detached shell loop that outlives this process by design: it ends the throwaway cluster after us.
    private func startWatchdog(parent: Int32, data: String, runAs: String?) {
        let pgCtl = "'\(binaries.path("pg_ctl"))' -D '\(data)' -m immediate stop"
        let stop = runAs.map { "\(ProcessRunner.runuserPath) -u \($0) -- \(pgCtl)" } ?? pgCtl
        let script = "while kill -0 \(parent) 2>/dev/null; do sleep 1; done; \(stop); rm -rf '\(options.root.path)' '\(data)'"
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", script]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        process.standardInput = FileHandle.nullDevice
        try? process.run()
    }
}
