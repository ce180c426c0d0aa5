import Foundation

/// One numbered `.sql` file of `Migrations/`, applied once, in order, in its own transaction.
public struct Migration: Sendable, Equatable {
    public let version: Int
    public let name: String
    public let sql: String

    public init(version: Int, name: String, sql: String) {
        self.version = version
        self.name = name
        self.sql = sql
    }

    /// The migrations shipped in this target's resources, ordered by version.
    /// A file whose name does not start with a number is a packaging mistake and stops the boot.
    public static func bundled() throws -> [Migration] {
        guard let directory = Bundle.module.url(forResource: "Migrations", withExtension: nil) else {
            throw StoreError.migrationsMissing
        }
        let files = try FileManager.default.contentsOfDirectory(at: directory, includingPropertiesForKeys: nil)
            .filter { $0.pathExtension == "sql" }
        let migrations = try files.map { url -> Migration in
            let base = url.deletingPathExtension().lastPathComponent
            guard let version = Int(base.prefix(while: \.isNumber)) else { throw StoreError.badMigrationName(base) }
            return Migration(version: version, name: base, sql: try String(contentsOf: url, encoding: .utf8))
        }
        let sorted = migrations.sorted { $0.version < $1.version }
        if Set(sorted.map(\.version)).count != sorted.count { throw StoreError.duplicateMigrationVersion }
        return sorted
    }
}
