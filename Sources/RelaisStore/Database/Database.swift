import Logging
import PostgresNIO
import RelaisCore

/// The application's way into PostgreSQL, as the application role (subject to row-level security).
///
/// Tenant work goes through `withTenant`, which opens a transaction and sets
/// `relais.tenant_id` for it. Work that must span tenants calls the named
/// SECURITY DEFINER functions through `TenantlessConnection` and nothing else.
public struct Database: Sendable {
    public let client: PostgresClient
    /// Where connections that keep session state come from: the progress listener's `LISTEN` and the dispatcher's
    /// session-level advisory locks. The application pool itself unless `RELAIS_DIRECT_DATABASE_URL` names a direct
    /// server, which a transaction pooler (PgBouncer) in front of `client` requires: it hands each transaction to
    /// any server connection, so a `LISTEN` or a lock taken through it would end up on a connection nobody owns.
    public let sessionClient: PostgresClient
    /// Whether hot statements run as named prepared statements (parsed once per connection). A transaction pooler
    /// cannot keep them: the next transaction may land on a server connection that never saw the `Parse`.
    public let usesPreparedStatements: Bool
    /// Whether the schema is known to be up to date; background workers wait for it before their first query.
    public let schema: SchemaReadiness
    let logger: Logger
    /// The key of the suppression list's digests; without it, any query that touches the suppression list fails
    /// (rather than store or match digests under no key).
    let suppressionKey: SuppressionKey?

    public init(
        client: PostgresClient, logger: Logger, schema: SchemaReadiness = .open, sessionClient: PostgresClient? = nil,
        usesPreparedStatements: Bool = true, suppressionKey: SuppressionKey? = nil
    ) {
        self.client = client
        self.sessionClient = sessionClient ?? client
        self.usesPreparedStatements = usesPreparedStatements
        self.logger = logger
        self.schema = schema
        self.suppressionKey = suppressionKey
    }

    /// How long a transaction may sit idle between two statements before PostgreSQL ends its session. Ours run
    /// statement after statement; one that waits longer belongs to a node that froze or vanished mid-transaction,
    /// and would hold its row locks (a campaign's messages, a webhook's rows) until its TCP connection died.
    public static let idleTransactionTimeout = "30s"

    /// Runs `body` in a transaction scoped to `tenant`; rolls back if it throws. Its first statement also bounds
    /// the transaction's idle time (`idleTransactionTimeout`): set per transaction, it holds through a transaction
    /// pooler too, whatever the role's defaults. Every statement checks that the connection is still open first (see
    /// `checkedQuery`), which PostgresNIO's own `withTransaction` does not, not even for its ROLLBACK.
    public func withTenant<Result: Sendable>(
        _ tenant: TenantID, logger: Logger? = nil,
        _ body: (TenantConnection) async throws -> Result
    ) async throws -> Result {
        let logger = logger ?? self.logger
        return try await client.withConnection { connection in
            try await connection.checkedQuery("BEGIN", logger: logger)
            do {
                if let key = suppressionKey {
                    try await connection.checkedQuery(
                        """
                        SELECT set_config('relais.tenant_id', \(tenant.description), true),
                               set_config('relais.suppression_ipad', \(key.innerPadHex), true),
                               set_config('relais.suppression_opad', \(key.outerPadHex), true),
                               set_config('idle_in_transaction_session_timeout', \(Self.idleTransactionTimeout), true)
                        """, logger: logger)
                } else {
                    try await connection.checkedQuery(
                        """
                        SELECT set_config('relais.tenant_id', \(tenant.description), true),
                               set_config('idle_in_transaction_session_timeout', \(Self.idleTransactionTimeout), true)
                        """, logger: logger)
                }
                let result = try await body(TenantConnection(connection: connection, tenant: tenant, logger: logger))
                try await connection.checkedQuery("COMMIT", logger: logger)
                return result
            } catch {
                // A closed connection took its transaction with it; an open one is rolled back before it is reused.
                if !connection.isClosed { _ = try? await connection.query("ROLLBACK", logger: logger) }
                if let psql = error as? PSQLError { throw psql.storeError ?? psql }
                throw error
            }
        }
    }

    /// Runs `body` outside any tenant; only the cross-tenant functions are usable there.
    public func withoutTenant<Result: Sendable>(
        logger: Logger? = nil, _ body: (TenantlessConnection) async throws -> Result
    ) async throws -> Result {
        let logger = logger ?? self.logger
        return try await client.withConnection { connection in
            try await body(TenantlessConnection(connection: connection, logger: logger))
        }
    }

    /// Whether the database answers at all; for `/readyz`.
    public func ping() async -> Bool {
        do {
            try await client.query("SELECT 1", logger: logger)
            return true
        } catch {
            return false
        }
    }

    /// Refuses an application role that could see every tenant (superuser or BYPASSRLS),
    /// and a schema that lacks migrations this build needs.
    public func checkSafeToServe(expectedMigrations: [Migration]) async throws {
        let rows = try await client.query(
            "SELECT current_user::text, rolsuper, rolbypassrls FROM pg_roles WHERE rolname = current_user", logger: logger)
        for try await (user, isSuper, bypassesRLS) in rows.decode((String, Bool, Bool).self) where isSuper || bypassesRLS {
            throw StoreError.unsafeApplicationRole(user)
        }
        let applied = try await Migrator.appliedVersions(using: client, logger: logger)
        let missing = expectedMigrations.map(\.version).filter { !applied.contains($0) }
        if !missing.isEmpty { throw StoreError.schemaOutOfDate(missing: missing) }
    }
}

/// A connection inside a tenant transaction. Query files extend it, one per aggregate.
public struct TenantConnection: Sendable {
    public let connection: PostgresConnection
    public let tenant: TenantID
    let logger: Logger

    /// Runs a statement and maps constraint errors to `StoreError`.
    @discardableResult
    func run(_ query: PostgresQuery) async throws -> PostgresRowSequence {
        try await connection.storeQuery(query, logger: logger)
    }
}

/// A connection with no tenant set: row-level security hides every tenant row from it.
public struct TenantlessConnection: Sendable {
    public let connection: PostgresConnection
    let logger: Logger

    @discardableResult
    func run(_ query: PostgresQuery) async throws -> PostgresRowSequence {
        try await connection.storeQuery(query, logger: logger)
    }
}

extension PostgresTransactionError {
    /// What the caller cares about: the error its closure threw (mapped to `StoreError` when it is one
    /// callers act on), else the failure of BEGIN/COMMIT itself. (Migrations still use PostgresNIO's transactions.)
    var underlying: any Error {
        if let psql = closureError as? PSQLError { return psql.storeError ?? psql }
        return closureError ?? self
    }
}

extension PSQLError {
    /// The store's reading of a server error, when it is one callers act on.
    var storeError: StoreError? {
        guard let state = serverInfo?[.sqlState] else { return nil }
        switch state {
        case "23505": return .uniqueViolation(constraint: serverInfo?[.constraintName] ?? "")
        default: return nil
        }
    }
}
