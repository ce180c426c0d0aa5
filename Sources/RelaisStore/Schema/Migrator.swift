import Logging
import PostgresNIO

/// Applies pending migrations as the schema owner.
///
/// Each migration runs in one transaction together with its `schema_migrations`
/// row, so a failing file leaves the schema exactly as it was. A transaction-level
/// advisory lock serialises nodes that start at the same time.
public struct Migrator: Sendable {
    let client: PostgresClient
    let logger: Logger

    /// Arbitrary but fixed: the advisory lock key that guards migrations.
    static let lockKey: Int64 = 0x5245_4C41_4953_0001

    public init(ownerClient: PostgresClient, logger: Logger) {
        self.client = ownerClient
        self.logger = logger
    }

    /// Applies every migration not yet recorded; returns the versions it applied.
    @discardableResult
    public func migrate(_ migrations: [Migration]) async throws -> [Int] {
        try await client.query(
            """
            CREATE TABLE IF NOT EXISTS schema_migrations (
                version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())
            """, logger: logger)
        var applied: [Int] = []
        for migration in migrations {
            let didApply: Bool
            do {
                didApply = try await apply(migration)
            } catch let error as PostgresTransactionError {
                throw StoreError.migrationFailed(name: migration.name, reason: "\(error.underlying)")
            }
            if didApply {
                logger.info("applied migration", metadata: ["migration": "\(migration.name)"])
                applied.append(migration.version)
            }
        }
        // Nodes that only check the schema (no owner URL) read this table as the application role.
        try await client.query("GRANT SELECT ON schema_migrations TO relais_application", logger: logger)
        return applied
    }

    /// Applies one migration and records it, in one transaction; false when it was already applied.
    private func apply(_ migration: Migration) async throws -> Bool {
        try await client.withTransaction(logger: logger) { connection in
            try await connection.query("SELECT pg_advisory_xact_lock(\(Self.lockKey))", logger: logger)
            let done = try await connection.query(
                "SELECT 1 FROM schema_migrations WHERE version = \(migration.version)", logger: logger)
            for try await _ in done { return false }
            for statement in SQLScript.statements(in: migration.sql) {
                try await connection.query(PostgresQuery(unsafeSQL: statement), logger: logger)
            }
            try await connection.query(
                "INSERT INTO schema_migrations (version, name) VALUES (\(migration.version), \(migration.name))",
                logger: logger)
            return true
        }
    }

    /// The versions recorded as applied, for `readyz`-style checks by a node that does not migrate.
    public static func appliedVersions(using client: PostgresClient, logger: Logger) async throws -> Set<Int> {
        var versions = Set<Int>()
        let rows = try await client.query("SELECT version FROM schema_migrations", logger: logger)
        for try await version in rows.decode(Int.self) { versions.insert(version) }
        return versions
    }
}
