import Foundation
import Logging
import PostgresNIO
import RelaisCore
import RelaisStore
import RelaisTestSupport
import Testing

@testable import Relais

/// The audit log's per-company hash chain: intact after ordinary and concurrent writes, broken (and named) when
/// the owner edits or removes an entry, unwritable by the application role, and shown on the Audit page.
@Suite struct AuditChainTests {
    @Test func concurrentEntriesChainWithoutForkingAndVerify() async throws {
        try await TestServer.with { server in
            let admin = try await TestTenant.signUp(on: server)
            let tenant = try KeyRotationTests.tenant(admin)
            let report = try await KeyRotationTests.withDatabase { database in
                try await withThrowingTaskGroup(of: Void.self) { group in
                    for index in 0..<24 {
                        group.addTask {
                            try await database.withTenant(tenant) { connection in
                                try await connection.appendAudit(
                                    AuditRecord(action: .companyUpdated, actor: nil, ip: "192.0.2.\(index)", requestID: "r\(index)", details: ["n": "\(index)"]))
                            }
                        }
                    }
                    try await group.waitForAll()
                }
                return try await database.withTenant(tenant) { try await $0.verifyAuditChain() }
            }
            // Sign-up's entry plus the 24 written at once, each chained exactly once.
            #expect(report.intact && report.verified == 25)
            let reports = try await KeyRotationTests.withDatabase { try await AuditVerifyCommand.verifyAll($0) }
            let mine = try #require(reports.first { $0.tenant == tenant })
            #expect(mine.intact && mine.verified == 25)
            #expect(AuditVerifyCommand.report([mine]).first?.hasPrefix("OK      company \(tenant): 25 entries") == true)
        }
    }

    @Test func anEntryEditedByTheOwnerIsNamedAndRemovedEntriesShow() async throws {
        try await TestServer.with { server in
            let admin = try await TestTenant.signUp(on: server)
            let tenant = try KeyRotationTests.tenant(admin)
            for name in ["Acme 2", "Acme 3", "Acme 4"] {
                #expect(try await server.request(.PATCH, "/api/v1/company", json: ["name": name], token: admin.accessToken).status == 200)
            }
            let browser = try await BrowserSession.logIn(on: server, email: admin.email, password: admin.password)
            // Sign-up, three updates, the browser's login: five entries.
            #expect(try await browser.get("/settings/audit").text.contains("Chain intact (5 entries verified)"))

            let ids = try await Self.ownerEntryIDs(tenant)
            let original = try await Self.ownerDetails(tenant, ids[2])
            try await Self.asOwner("UPDATE audit_log SET details = '{\"name\": \"Evil Corp\"}' WHERE tenant_id = '\(tenant)' AND id = \(ids[2])")
            let broken = try await KeyRotationTests.withDatabase { database in
                try await database.withTenant(tenant) { try await $0.verifyAuditChain() }
            }
            #expect(!broken.intact && broken.brokenEntryID == ids[2] && broken.verified == 2)
            #expect(broken.problem?.contains("stored hash") == true)
            #expect(AuditVerifyCommand.report([broken]).first == "BROKEN  company \(tenant): entry \(ids[2]), after 2 verified entries: \(broken.problem ?? "")")
            let page = try await browser.get("/settings/audit").text
            #expect(page.contains("Chain broken at entry \(ids[2])"))

            // Removing the last entry is caught too (the chain head remembers how long the chain was).
            try await Self.asOwner("UPDATE audit_log SET details = '\(original)' WHERE tenant_id = '\(tenant)' AND id = \(ids[2])")
            #expect(try await KeyRotationTests.withDatabase { database in try await database.withTenant(tenant) { try await $0.verifyAuditChain() } }.intact)
            try await Self.asOwner("DELETE FROM audit_log WHERE tenant_id = '\(tenant)' AND id = \(ids[4])")
            let truncated = try await KeyRotationTests.withDatabase { database in
                try await database.withTenant(tenant) { try await $0.verifyAuditChain() }
            }
            #expect(!truncated.intact && truncated.brokenEntryID == nil && truncated.problem?.contains("removed") == true)
            // And an entry removed from the middle.
            try await Self.asOwner("DELETE FROM audit_log WHERE tenant_id = '\(tenant)' AND id = \(ids[1])")
            let gap = try await KeyRotationTests.withDatabase { database in
                try await database.withTenant(tenant) { try await $0.verifyAuditChain() }
            }
            #expect(gap.brokenEntryID == ids[2] && gap.problem?.contains("removed") == true)
        }
    }

    @Test func theApplicationRoleCannotRewriteTheLogOrItsChainHeads() async throws {
        try await TestServer.with { server in
            let admin = try await TestTenant.signUp(on: server)
            let tenant = try KeyRotationTests.tenant(admin)
            let statements = [
                "UPDATE audit_log SET action = 'nothing' WHERE tenant_id = '\(tenant)'",
                "DELETE FROM audit_log WHERE tenant_id = '\(tenant)'",
                "UPDATE audit_chain_heads SET last_seq = 0 WHERE tenant_id = '\(tenant)'",
                "DELETE FROM audit_chain_heads WHERE tenant_id = '\(tenant)'",
                "TRUNCATE audit_log",
            ]
            for statement in statements {
                let state = try await KeyRotationTests.withDatabase { database in
                    do {
                        try await database.withTenant(tenant) { connection in
                            _ = try await connection.connection.query(PostgresQuery(unsafeSQL: statement), logger: Logger(label: "t"))
                        }
                        return "succeeded"
                    } catch let error as PSQLError {
                        return error.serverInfo?[.sqlState] ?? "?"
                    }
                }
                #expect(state == "42501", "\(statement)")
            }
            let report = try await KeyRotationTests.withDatabase { database in
                try await database.withTenant(tenant) { try await $0.verifyAuditChain() }
            }
            #expect(report.intact && report.verified == 1)
        }
    }

    static func ownerEntryIDs(_ tenant: TenantID) async throws -> [Int64] {
        let endpoints = try await TestDatabase.shared.start()
        return try await TestDatabase.withOwnerClient(endpoints) { client in
            let rows = try await client.query("SELECT id FROM audit_log WHERE tenant_id = \(tenant.rawValue) ORDER BY chain_seq")
            var ids: [Int64] = []
            for try await id in rows.decode(Int64.self) { ids.append(id) }
            return ids
        }
    }

    static func ownerDetails(_ tenant: TenantID, _ id: Int64) async throws -> String {
        let endpoints = try await TestDatabase.shared.start()
        return try await TestDatabase.withOwnerClient(endpoints) { client in
            let rows = try await client.query("SELECT details::text FROM audit_log WHERE tenant_id = \(tenant.rawValue) AND id = \(id)")
            for try await text in rows.decode(String.self) { return text }
            return "{}"
        }
    }

    static func asOwner(_ sql: String) async throws {
        let endpoints = try await TestDatabase.shared.start()
        try await TestDatabase.withOwnerClient(endpoints) { client in
            _ = try await client.query(PostgresQuery(unsafeSQL: sql), logger: Logger(label: "t"))
        }
    }
}
