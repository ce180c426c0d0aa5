import Foundation
import Logging
import RelaisCore
import RelaisDispatch
import RelaisStore
import RelaisWeb
import WhatsAppSimulator

/// Everything `relais` reads from its environment (and flags), in one place, with defaults.
/// Every subcommand reads the same configuration, so `migrate` touches the database `serve` uses.
struct RelaisConfiguration: Sendable {
    var host = "127.0.0.1"
    var port = 8080
    /// Where the embedded cluster, generated secrets and backups live (`./.relais`).
    var dataDirectory = URL(fileURLWithPath: ".relais", relativeTo: URL(fileURLWithPath: FileManager.default.currentDirectoryPath))
    /// The application role's database (subject to row-level security). nil: embedded cluster.
    var databaseURL: String?
    /// The schema owner's database, used to migrate. Defaults to none: then `serve` only checks the schema.
    var ownerDatabaseURL: String?
    /// A direct PostgreSQL URL (same application role) for the connections that keep session state — the progress
    /// listener's `LISTEN` and the dispatcher's advisory locks — when `DATABASE_URL` goes through a transaction pooler.
    var directDatabaseURL: String?
    /// `RELAIS_DB_PREPARED`: named prepared statements; on by default, off by default with a direct URL (a
    /// transaction pooler cannot keep them).
    var preparedStatements: Bool?
    var databasePoolSize = 20
    var jwtSecret: String?
    var authRateLimit = 60
    var maxBodyBytes = 1 << 20
    /// How long a connection may stay silent, and a (non-upload) request body may take to arrive
    /// (`RELAIS_REQUEST_TIMEOUT_SECONDS`, 30 by default): slow-loris clients are cut off, not waited for.
    var requestTimeout: Duration = .seconds(30)
    var corsOrigins: [String] = []
    var secureCookies = false
    var trustProxy = false
    var publicURL: String?
    var bcryptCost: UInt8 = 12
    var sandbox: Bool?
    /// Port of the built-in WhatsApp simulator in sandbox mode.
    var sandboxPort = 8081
    var graphBaseURL: String?
    var graphVersion = "v23.0"
    /// How long one Graph API call may take before it counts as lost (`RELAIS_GRAPH_TIMEOUT_MS`, 30 s by default).
    var graphTimeout: Duration = .seconds(30)
    var whatsAppAppSecret: String?
    /// The Meta app's id, for Embedded Signup's code exchange (sandbox: the simulator's app).
    var metaAppID: String?
    var webhookVerifyToken: String?
    var masterKeys: String?
    /// The key of the suppression list's digests (`RELAIS_SUPPRESSION_KEY`, at least 32 bytes).
    var suppressionKey: String?
    var logLevel = Logger.Level.info
    var logFormat = "json"
    /// Largest contact import file, in bytes (`RELAIS_IMPORT_MAX_BYTES`, 50 MB by default).
    var importMaxBytes = 50 * 1024 * 1024
    /// Where uploaded import files wait for the worker (`RELAIS_UPLOAD_DIR`, `<data dir>/uploads` by default).
    var uploadDirectory: URL?
    /// How the import worker paces itself (`RELAIS_IMPORT_POLL_MS`, 500 ms by default) and how long its claim on an
    /// import lasts without progress before another node takes it over (`RELAIS_IMPORT_LEASE_SECONDS`, 120 by default).
    var importWorker = ContactImportWorker.Settings()
    /// Whether this node runs the import worker (`RELAIS_IMPORT_WORKER`, on by default); any node may take uploads.
    var runsImportWorker = true
    /// How campaigns are sent: `RELAIS_UNCERTAIN_GRACE` (seconds an uncertain message waits for a webhook before it
    /// is sent again, 900 by default), `RELAIS_DISPATCH_POLL_MS` (how often a node looks for numbers to send from).
    var dispatch = DispatchSettings()
    /// Whether this node runs send loops and the campaign scheduler (`RELAIS_DISPATCHER`, on by default).
    var runsDispatcher = true
    /// `RELAIS_OPERATOR_EMAILS`: the platform operators who may use the Backups page (see `WebConfiguration`).
    var backupOperators: Set<String>?
    /// `RELAIS_ROLE`: web, dispatcher or all (the default).
    var role = NodeRole.all
    /// Where backups go (`RELAIS_BACKUP_DIR`, `<data dir>/backups` by default).
    var backupDirectoryOverride: URL?
    /// Whether the server backs up on its schedule (`RELAIS_BACKUPS`, on by default; needs the owner's URL).
    var runsBackups = true
    /// The local time of the daily backup (`RELAIS_BACKUP_SCHEDULE`, `03:00` by default).
    var backupSchedule = BackupSchedule(hour: 3, minute: 0)!
    /// How many daily and weekly backups pruning keeps (`RELAIS_BACKUP_KEEP_DAILY`, 7; `RELAIS_BACKUP_KEEP_WEEKLY`, 4).
    var backupRetention = BackupRetention()
    /// Whether this node runs the daily message-retention job (`RELAIS_RETENTION_JOB`, on by default).
    var runsRetention = true
    /// Whether this node generates the weekly overview PDFs of the companies that asked for them
    /// (`RELAIS_WEEKLY_REPORTS`, on by default; claims in the database keep two nodes from writing one twice).
    var runsWeeklyReports = true

    /// Reads `RELAIS_*` and `DATABASE_URL`; unknown values fail loudly rather than fall back silently.
    init(environment: [String: String] = ProcessInfo.processInfo.environment) throws {
        func value(_ key: String) -> String? { environment[key].flatMap { $0.isEmpty ? nil : $0 } }
        func integer(_ key: String, in range: ClosedRange<Int>) throws -> Int? {
            guard let raw = value(key) else { return nil }
            guard let number = Int(raw), range.contains(number) else { throw ConfigurationError.invalid(key, raw) }
            return number
        }
        func flag(_ key: String) throws -> Bool? {
            guard let raw = value(key)?.lowercased() else { return nil }
            switch raw {
            case "1", "true", "yes", "on": return true
            case "0", "false", "no", "off": return false
            default: throw ConfigurationError.invalid(key, raw)
            }
        }
        host = value("RELAIS_HOST") ?? host
        port = try integer("RELAIS_PORT", in: 0...65535) ?? port
        if let dir = value("RELAIS_DATA_DIR") { dataDirectory = URL(fileURLWithPath: dir) }
        databaseURL = value("DATABASE_URL")
        ownerDatabaseURL = value("RELAIS_OWNER_DATABASE_URL")
        directDatabaseURL = value("RELAIS_DIRECT_DATABASE_URL")
        preparedStatements = try flag("RELAIS_DB_PREPARED")
        databasePoolSize = try integer("RELAIS_DB_POOL_SIZE", in: 2...500) ?? databasePoolSize
        jwtSecret = value("RELAIS_JWT_SECRET")
        authRateLimit = try integer("RELAIS_AUTH_RATE_LIMIT", in: 1...100_000) ?? authRateLimit
        maxBodyBytes = try integer("RELAIS_MAX_BODY_BYTES", in: 1024...(1 << 30)) ?? maxBodyBytes
        if let seconds = try integer("RELAIS_REQUEST_TIMEOUT_SECONDS", in: 1...3600) { requestTimeout = .seconds(seconds) }
        backupOperators = value("RELAIS_OPERATOR_EMAILS").map { list in
            Set(list.split(separator: ",").compactMap { EmailAddress(String($0))?.value })
        }
        corsOrigins = value("RELAIS_CORS_ORIGINS")?.split(separator: ",").map { String($0).trimmingCharacters(in: .whitespaces) } ?? []
        secureCookies = try flag("RELAIS_SECURE_COOKIES") ?? secureCookies
        trustProxy = try flag("RELAIS_TRUST_PROXY") ?? trustProxy
        publicURL = value("RELAIS_PUBLIC_URL")
        bcryptCost = UInt8(try integer("RELAIS_BCRYPT_COST", in: 4...16) ?? Int(bcryptCost))
        sandbox = try flag("RELAIS_SANDBOX")
        sandboxPort = try integer("RELAIS_SANDBOX_PORT", in: 0...65535) ?? sandboxPort
        graphBaseURL = value("RELAIS_GRAPH_BASE_URL")
        graphVersion = value("RELAIS_GRAPH_VERSION") ?? graphVersion
        if let timeout = try integer("RELAIS_GRAPH_TIMEOUT_MS", in: 100...600_000) { graphTimeout = .milliseconds(timeout) }
        whatsAppAppSecret = value("RELAIS_WHATSAPP_APP_SECRET")
        metaAppID = value("RELAIS_META_APP_ID")
        if let id = metaAppID, !(1...32).contains(id.count) || !id.allSatisfy({ $0.isASCII && $0.isNumber }) {
            throw ConfigurationError.invalid("RELAIS_META_APP_ID", id)
        }
        webhookVerifyToken = value("RELAIS_WEBHOOK_VERIFY_TOKEN")
        masterKeys = value("RELAIS_MASTER_KEYS")
        suppressionKey = value("RELAIS_SUPPRESSION_KEY")
        importMaxBytes = try integer("RELAIS_IMPORT_MAX_BYTES", in: 1024...(1 << 34)) ?? importMaxBytes
        uploadDirectory = value("RELAIS_UPLOAD_DIR").map { URL(fileURLWithPath: $0) }
        if let poll = try integer("RELAIS_IMPORT_POLL_MS", in: 10...60_000) { importWorker.pollInterval = .milliseconds(poll) }
        importWorker.leaseSeconds = try integer("RELAIS_IMPORT_LEASE_SECONDS", in: 2...3600) ?? importWorker.leaseSeconds

        dispatch.uncertainGraceSeconds = try integer("RELAIS_UNCERTAIN_GRACE", in: 1...604_800) ?? dispatch.uncertainGraceSeconds
        if let poll = try integer("RELAIS_DISPATCH_POLL_MS", in: 10...60_000) { dispatch.pollInterval = .milliseconds(poll) }
        if let raw = value("RELAIS_ROLE") {
            guard let parsed = NodeRole(rawValue: raw.lowercased()) else { throw ConfigurationError.invalid("RELAIS_ROLE", raw) }
            role = parsed
        }
        runsDispatcher = try role.worker("RELAIS_DISPATCHER", explicit: try flag("RELAIS_DISPATCHER"))
        runsImportWorker = try role.worker("RELAIS_IMPORT_WORKER", explicit: try flag("RELAIS_IMPORT_WORKER"))
        backupDirectoryOverride = value("RELAIS_BACKUP_DIR").map { URL(fileURLWithPath: $0) }
        runsBackups = try flag("RELAIS_BACKUPS") ?? runsBackups
        if let schedule = value("RELAIS_BACKUP_SCHEDULE") {
            guard let parsed = BackupSchedule(schedule) else { throw ConfigurationError.invalid("RELAIS_BACKUP_SCHEDULE", schedule) }
            backupSchedule = parsed
        }
        backupRetention.daily = try integer("RELAIS_BACKUP_KEEP_DAILY", in: 1...3650) ?? backupRetention.daily
        backupRetention.weekly = try integer("RELAIS_BACKUP_KEEP_WEEKLY", in: 0...520) ?? backupRetention.weekly
        runsRetention = try flag("RELAIS_RETENTION_JOB") ?? runsRetention
        runsWeeklyReports = try flag("RELAIS_WEEKLY_REPORTS") ?? runsWeeklyReports
        if let level = value("RELAIS_LOG_LEVEL") {
            guard let parsed = Logger.Level(rawValue: level.lowercased()) else { throw ConfigurationError.invalid("RELAIS_LOG_LEVEL", level) }
            logLevel = parsed
        }
        if let format = value("RELAIS_LOG_FORMAT") {
            guard ["json", "text"].contains(format) else { throw ConfigurationError.invalid("RELAIS_LOG_FORMAT", format) }
            logFormat = format
        }
    }

    /// Whether hot statements are named prepared statements (see `preparedStatements`).
    var usesPreparedStatements: Bool { preparedStatements ?? (directDatabaseURL == nil) }

    /// Where backups are written and looked for.
    var backupDirectory: URL { backupDirectoryOverride ?? dataDirectory.appendingPathComponent("backups") }

    /// The scheduled backups' part of the configuration.
    var backupSettings: BackupService.Settings {
        var settings = BackupService.Settings(directory: backupDirectory)
        settings.enabled = runsBackups
        settings.schedule = backupSchedule
        settings.retention = backupRetention
        return settings
    }

    /// No `DATABASE_URL`: Relais runs its own private cluster.
    var usesEmbeddedDatabase: Bool { databaseURL == nil }

    /// Where the sandbox simulator keeps its numbers and templates; only with the embedded database, whose
    /// rows reference them (an external database shared by several nodes would need one shared simulator).
    var sandboxStateFile: String? {
        usesEmbeddedDatabase ? dataDirectory.appendingPathComponent("sandbox-state.json").path : nil
    }

    /// The Meta app that exchanges Embedded Signup codes: the configured one, the simulator's in sandbox mode, else
    /// none (the endpoint answers 404).
    var signupAppID: String? { metaAppID ?? (isSandbox ? SimulatorConfiguration().appID : nil) }

    /// Sandbox (WhatsApp against the built-in simulator) is the default exactly when the database is embedded.
    var isSandbox: Bool { sandbox ?? usesEmbeddedDatabase }

    /// The web layer's part of the configuration.
    func web(_ secrets: ResolvedSecrets) -> WebConfiguration {
        var web = WebConfiguration(
            jwtSecret: secrets.jwtSecret, whatsAppAppSecret: secrets.whatsAppAppSecret, webhookVerifyToken: secrets.webhookVerifyToken)
        web.authRateLimitPerMinute = authRateLimit
        web.maxBodySize = maxBodyBytes
        web.bodyTimeout = requestTimeout
        web.corsOrigins = corsOrigins
        web.secureCookies = secureCookies
        web.trustProxy = trustProxy
        web.bcryptCost = bcryptCost
        web.sandbox = isSandbox
        web.metaAppID = signupAppID
        web.publicBaseURL = publicURL ?? "http://\(host):\(port)"
        web.version = RelaisVersion.current
        web.importMaxBytes = importMaxBytes
        web.uploadDirectory = uploadDirectory ?? dataDirectory.appendingPathComponent("uploads")
        web.servesApplication = role.servesApplication
        web.backupOperators = backupOperators ?? (usesEmbeddedDatabase ? nil : [])
        return web
    }
}

enum ConfigurationError: Error, CustomStringConvertible {
    case invalid(String, String)
    case missing(String)
    case contradicts(String, role: String)

    var description: String {
        switch self {
        case .invalid(let key, let value): "\(key)=\(value) is not a valid value."
        case .contradicts(let key, let role): "\(key) cannot be on with RELAIS_ROLE=\(role) (that role runs no background work)."
        case .missing(let key): "\(key) must be set when DATABASE_URL is set (no embedded defaults in production)."
        }
    }
}

enum RelaisVersion {
    static let current = "0.1.0"
}
