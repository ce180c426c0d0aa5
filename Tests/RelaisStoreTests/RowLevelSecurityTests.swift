import Foundation
import Logging
import PostgresNIO
import RelaisCore
import RelaisStore
import RelaisTestSupport
import Testing

/// Isolation enforced by PostgreSQL itself, whatever the code above it does.
@Suite struct RowLevelSecurityTests {
    let logger = Logger(label: "test")

    private func withDatabase(_ body: @Sendable (Database) async throws -> Void) async throws {
        let endpoints = try await TestDatabase.shared.start()
        try await TestDatabase.withClient(endpoints.application) { client in
            try await body(Database(client: client, logger: Logger(label: "test")))
        }
    }

    private func makeTenant(_ database: Database, email: String) async throws -> (TenantID, UserID) {
        let tenant = TenantID.generate()
        let user = UserID.generate()
        try await database.withTenant(tenant) { connection in
            try await connection.insertCompany(name: "Company \(email)")
            try await connection.insertUser(
                id: user, name: "User", email: EmailAddress(email)!, passwordHash: "x", role: .admin, language: .fr)
            try await connection.appendAudit(AuditRecord(action: .companySignedUp, actor: user, ip: "127.0.0.1", requestID: "t"))
        }
        return (tenant, user)
    }

    @Test func withoutATenantTheApplicationRoleSeesNoRow() async throws {
        try await withDatabase { database in
            _ = try await makeTenant(database, email: "rls-\(UUID().uuidString.prefix(8))@a.io")
            for table in ["companies", "users", "sessions", "refresh_tokens", "invitations", "audit_log"] {
                let rows = try await database.client.query(PostgresQuery(unsafeSQL: "SELECT count(*)::int FROM \(table)"))
                for try await count in rows.decode(Int.self) { #expect(count == 0, "\(table)") }
            }
        }
    }

    @Test func aTenantSeesOnlyItsOwnRowsEvenWhenAQueryForgetsTheFilter() async throws {
        try await withDatabase { database in
            let (tenantA, userA) = try await makeTenant(database, email: "a-\(UUID().uuidString.prefix(8))@a.io")
            let (tenantB, _) = try await makeTenant(database, email: "b-\(UUID().uuidString.prefix(8))@b.io")
            try await database.withTenant(tenantB) { connection in
                let rows = try await connection.connection.query("SELECT tenant_id FROM users", logger: logger)
                for try await tenant in rows.decode(UUID.self) { #expect(tenant == tenantB.rawValue) }
                #expect(try await connection.user(userA) == nil)
                let updated = try await connection.connection.query("UPDATE users SET name = 'hijacked' WHERE id = \(userA.rawValue) RETURNING 1", logger: logger)
                for try await _ in updated { Issue.record("updated another tenant's user") }
            }
            let name = try await database.withTenant(tenantA) { try await $0.user(userA)?.name }
            #expect(name == "User")
        }
    }

    @Test func rowsCannotBeWrittenIntoAnotherTenant() async throws {
        try await withDatabase { database in
            let (tenantA, _) = try await makeTenant(database, email: "w-\(UUID().uuidString.prefix(8))@a.io")
            let (tenantB, _) = try await makeTenant(database, email: "x-\(UUID().uuidString.prefix(8))@b.io")
            await #expect(throws: PSQLError.self) {
                try await database.withTenant(tenantB) { connection in
                    try await connection.connection.query(
                        "INSERT INTO audit_log (tenant_id, action) VALUES (\(tenantA.rawValue), 'forged')", logger: logger)
                }
            }
        }
    }

    @Test func theAuditLogIsAppendOnlyForTheApplication() async throws {
        try await withDatabase { database in
            let (tenant, _) = try await makeTenant(database, email: "ao-\(UUID().uuidString.prefix(8))@a.io")
            for statement in ["UPDATE audit_log SET action = 'x'", "DELETE FROM audit_log"] {
                await #expect(throws: PSQLError.self, "\(statement)") {
                    try await database.withTenant(tenant) { connection in
                        try await connection.connection.query(PostgresQuery(unsafeSQL: statement), logger: logger)
                    }
                }
            }
        }
    }

    @Test func theApplicationRoleIsSafeAndTheOwnerIsRefused() async throws {
        let endpoints = try await TestDatabase.shared.start()
        let migrations = try Migration.bundled()
        try await TestDatabase.withClient(endpoints.application) { client in
            try await Database(client: client, logger: Logger(label: "test")).checkSafeToServe(expectedMigrations: migrations)
        }
        try await TestDatabase.withOwnerClient(endpoints) { client in
            await #expect(throws: StoreError.self) {
                try await Database(client: client, logger: Logger(label: "test")).checkSafeToServe(expectedMigrations: migrations)
            }
        }
    }
}
