/// What can go wrong in the store, in terms its callers can act on.
public enum StoreError: Error, Equatable, Sendable, CustomStringConvertible {
    /// A unique constraint refused the row; carries the constraint's name.
    case uniqueViolation(constraint: String)
    /// The row the caller named does not exist (or belongs to another tenant: the same answer, on purpose).
    case notFound
    case migrationsMissing
    case badMigrationName(String)
    case duplicateMigrationVersion
    /// A migration failed and was rolled back: the schema is as it was before it.
    case migrationFailed(name: String, reason: String)
    /// The database has migrations this build does not know, or lacks some it needs.
    case schemaOutOfDate(missing: [Int])
    /// The application role could bypass row-level security; refusing to serve with it.
    case unsafeApplicationRole(String)
    case invalidDatabaseURL(String)
    /// The connection was closed under the caller (by PostgreSQL or the network); its transaction is gone.
    case connectionClosed

    public var description: String {
        switch self {
        case .uniqueViolation(let constraint): "A row with these values already exists (\(constraint))."
        case .notFound: "No such row."
        case .migrationsMissing: "The migrations are missing from this build."
        case .badMigrationName(let name): "Migration file \(name) does not start with its number."
        case .duplicateMigrationVersion: "Two migration files share a number."
        case .migrationFailed(let name, let reason): "Migration \(name) failed and was rolled back: \(reason)"
        case .schemaOutOfDate(let missing):
            "The database lacks migrations \(missing.map(String.init).joined(separator: ", ")): run `relais migrate` or set RELAIS_OWNER_DATABASE_URL."
        case .unsafeApplicationRole(let role):
            "DATABASE_URL connects as \(role), a superuser or a role with BYPASSRLS: row-level security would not isolate companies. Connect as a member of relais_application (see README)."
        case .invalidDatabaseURL(let reason): "Invalid database URL: \(reason)"
        case .connectionClosed: "The database connection was closed; the transaction was not applied."
        }
    }
}
