import Foundation
import Logging
import PostgresNIO
import RelaisCore
import RelaisStore
import RelaisTestSupport
import Testing

/// `pg_dump` and `pg_restore` for real, on databases of their own in the test cluster; and the keyed suppression
/// digest computed by PostgreSQL against the same HMAC computed in Swift.
@Suite struct BackupRestoreTests {
    let logger = Logger(label: "test")

    /// A fresh, empty database in the test cluster; its owner's URL.
    func createDatabase(_ endpoints: EmbeddedCluster.Endpoints) async throws -> DatabaseURL {
        let name = "bk_\(UUID().uuidString.prefix(8).lowercased())"
        try await TestDatabase.withOwnerClient(endpoints) { client in
            try await client.query(PostgresQuery(unsafeSQL: "CREATE DATABASE \(name)"))
        }
        return endpoints.owner.with(database: name)
    }

    func withClient<T: Sendable>(_ url: DatabaseURL, _ body: @Sendable (PostgresClient) async throws -> T) async throws -> T {
        try await TestDatabase.withClient(url, body)
    }

    /// Row count and a digest of every row of every table of the public schema.
    func fingerprint(_ url: DatabaseURL) async throws -> [String: String] {
        try await withClient(url) { client in
            var tables: [String] = []
            for try await name in try await client.query("SELECT tablename::text FROM pg_tables WHERE schemaname = 'public' ORDER BY 1").decode(String.self) {
                tables.append(name)
            }
            var result: [String: String] = [:]
            for table in tables {
                let rows = try await client.query(
                    PostgresQuery(unsafeSQL: "SELECT count(*)::text || ':' || coalesce(md5(string_agg(t::text, '|' ORDER BY t::text)), '') FROM \(table) t"))
                for try await value in rows.decode(String.self) { result[table] = value }
            }
            return result
        }
    }

    @Test func backUpWipeRestoreGivesTheSameRows() async throws {
        let endpoints = try await TestDatabase.shared.start()
        let source = try await createDatabase(endpoints)
        try await withClient(source) { try await Migrator(ownerClient: $0, logger: logger).migrate(try Migration.bundled()) }
        let key = SuppressionKey(secret: "backup-test-key-backup-test-key-0123")
        let tenant = TenantID.generate()
        try await withClient(endpoints.application.with(database: source.database)) { client in
            let database = Database(client: client, logger: logger, suppressionKey: key)
            try await database.withTenant(tenant) { connection in
                try await connection.insertCompany(name: "Sauvegarde SARL")
                try await connection.insertUser(
                    id: .generate(), name: "Admin", email: EmailAddress("bk-\(UUID().uuidString.prefix(6))@a.io")!, passwordHash: "x", role: .admin,
                    language: .fr)
                try await connection.suppress(phone: "+33612345678", source: "test")
            }
        }
        let folder = BackupDirectory(url: URL(fileURLWithPath: NSTemporaryDirectory()).appendingPathComponent("relais-bk-\(UUID().uuidString)"))
        defer { try? FileManager.default.removeItem(at: folder.url) }
        let tool = PostgresBackup(binaries: try PostgresBinaries.locate(), logger: logger)
        let file = try tool.dump(owner: source, into: folder)
        #expect(try folder.list().map(\.name) == [file.name])
        try file.verify()

        let target = try await createDatabase(endpoints)
        try await tool.restore(file, into: target)
        let (before, after) = (try await fingerprint(source), try await fingerprint(target))
        #expect(before.count > 10)
        #expect(before == after)

        // Into a database that holds tables: refused, nothing touched.
        await #expect(throws: BackupError.self) { try await tool.restore(file, into: source) }
        // A damaged file: refused before anything runs.
        let handle = try FileHandle(forUpdating: file.url)
        try handle.seek(toOffset: 100)
        try handle.write(contentsOf: Data([0xff, 0x00, 0xff]))
        try handle.close()
        let fresh = try await createDatabase(endpoints)
        #expect(throws: BackupError.self) { try file.verify() }
        await #expect(throws: BackupError.self) { try await tool.restore(file, into: fresh) }
        let tables = try await fingerprint(fresh)
        #expect(tables.isEmpty)
    }

    @Test func theSuppressionDigestIsTheHMACOfSwift() async throws {
        let endpoints = try await TestDatabase.shared.start()
        let key = SuppressionKey(secret: "a-key-of-more-than-thirty-two-bytes-for-hmac")
        let tenant = TenantID.generate()
        try await withClient(endpoints.application) { client in
            let database = Database(client: client, logger: logger, suppressionKey: key)
            let digest = try await database.withTenant(tenant) { connection in
                var value = Data()
                let rows = try await connection.connection.query(
                    "SELECT relais_suppression_digest(\(tenant.rawValue), '+33612345678')", logger: logger)
                for try await bytes in rows.decode(ByteBuffer.self) { value = Data(bytes.readableBytesView) }
                return value
            }
            #expect(digest == key.digest(tenant: tenant.rawValue, phone: "+33612345678"))
            // Without the key, the digest is refused rather than computed under no key.
            await #expect(throws: (any Error).self) {
                try await Database(client: client, logger: logger).withTenant(tenant) { try await $0.isSuppressed(phone: "+33612345678") }
            }
        }
    }
}
