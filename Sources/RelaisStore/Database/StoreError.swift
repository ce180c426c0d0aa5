/// What can go wrong in the store, in terms its callers can act on.
public enum StoreError: Error, Equatable, Sendable {
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
}
