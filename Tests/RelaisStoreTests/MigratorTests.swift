import Foundation
import Logging
import PostgresNIO
import RelaisStore
import RelaisTestSupport
import Testing

@Suite struct MigratorTests {
    let logger = Logger(label: "test")

    @Test func applyingTwiceIsANoOp() async throws {
        let endpoints = try await TestDatabase.shared.start()
        let applied = try await TestDatabase.withOwnerClient(endpoints) { client in
            try await Migrator(ownerClient: client, logger: Logger(label: "test")).migrate(try Migration.bundled())
        }
        #expect(applied.isEmpty)
    }

    @Test func aFailingMigrationLeavesTheSchemaAsItWas() async throws {
        let endpoints = try await TestDatabase.shared.start()
        let table = "probe_\(UUID().uuidString.prefix(8).lowercased())"
        let version = Int.random(in: 100_000...999_999)
        let broken = Migration(
            version: version, name: "\(version)_broken",
            sql: "CREATE TABLE \(table) (id int);\nINSERT INTO \(table) VALUES ('not a number');")
        try await TestDatabase.withOwnerClient(endpoints) { client in
            await #expect(throws: StoreError.self) {
                try await Migrator(ownerClient: client, logger: Logger(label: "test")).migrate([broken])
            }
            let rows = try await client.query("SELECT to_regclass(\(table))::text")
            for try await name in rows.decode(String?.self) { #expect(name == nil) }
            let versions = try await Migrator.appliedVersions(using: client, logger: Logger(label: "test"))
            #expect(!versions.contains(version))
        }
    }
}
