import Foundation
import Logging
import PostgresNIO
import RelaisCore
import RelaisStore
import RelaisTestSupport
import Testing

/// An import whose node died mid-way (running, lease expired) is resumed by another node from its checkpoint,
/// and one interrupted too often fails with a reason instead of looping.
@Suite struct ContactImportResumeTests {
    /// Leaves an import as a crashed node would: running, lease expired, `checkpoint` rows done, `attempts` claims.
    func crashedImport(tenant: String, file: String, checkpoint: Int, created: Int, attempts: Int) async throws -> UUID {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("relais-resume-\(UUID()).csv")
        try Data(file.utf8).write(to: url)
        let endpoints = try await TestDatabase.shared.start()
        let id = UUID()
        try await TestDatabase.withClient(endpoints.application) { client in
            let database = Database(client: client, logger: Logger(label: "test"), suppressionKey: TestServer.suppressionKey)
            try await database.withTenant(TenantID(UUID(uuidString: tenant)!)) { connection in
                let options = ContactImportOptions(
                    defaultCountry: "FR", mapping: [:], tags: [], consent: .unknown, consentSource: nil, onDuplicate: .skip, sheet: nil)
                try await connection.insertContactImport(
                    id: id, actor: nil, fileName: "resume.csv", filePath: url.path, fileBytes: file.utf8.count, options: options, state: .draft)
                try await connection.connection.query(
                    """
                    UPDATE contact_imports SET state = 'running', lease_until = now() - interval '1 second', claim_id = gen_random_uuid(),
                        attempts = \(attempts), checkpoint_row = \(checkpoint), rows_read = \(checkpoint - 1), created = \(created)
                    WHERE id = \(id)
                    """, logger: Logger(label: "test"))
            }
        }
        return id
    }

    @Test func aRunningImportWhoseNodeDiedResumesAfterItsCheckpoint() async throws {
        try await TestServer.with(environment: TestServer.importing) { server in
            let a = try await TestTenant.signUp(on: server)
            // Row 2 was written before the crash; rows 3 and 4 were not.
            _ = try await server.createContact(["name": "Before", "phone": "+33612345678"], token: a.accessToken)
            let file = "phone,name\n0612345678,Before\n0612345679,After one\n0612345670,After two\n"
            let id = try await crashedImport(tenant: a.companyID, file: file, checkpoint: 2, created: 1, attempts: 1)
            let report = try await server.finishedImport(id.uuidString.lowercased(), token: a.accessToken)
            #expect(report["state"] as? String == "completed", "\(report)")
            #expect(report["rows"] as? Int == 3)
            #expect(report["created"] as? Int == 3)
            #expect(report["duplicates"] as? Int == 0, "the row before the checkpoint is not read again")
            #expect(Set(try await server.contactPhones("", token: a.accessToken)) == ["+33612345678", "+33612345679", "+33612345670"])
        }
    }

    @Test func anImportInterruptedTooOftenFailsWithAReason() async throws {
        try await TestServer.with(environment: TestServer.importing) { server in
            let a = try await TestTenant.signUp(on: server)
            let id = try await crashedImport(tenant: a.companyID, file: "phone\n0612345678\n", checkpoint: 0, created: 0, attempts: 3)
            let report = try await server.finishedImport(id.uuidString.lowercased(), token: a.accessToken)
            #expect(report["state"] as? String == "failed")
            #expect((report["failure_reason"] as? String)?.contains("interrupted") == true)
        }
    }
}
