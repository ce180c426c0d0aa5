import Foundation
import Logging
import PostgresNIO
import RelaisCore
import RelaisStore
import RelaisTestSupport
import Testing

@testable import Relais

/// `relais keys rotate`: secrets sealed under an old key end up under the active one, online and resumably,
/// the running app still opens them, and a value no key opens is named (never shown).
/// Serialized: a rotation walks every company of the shared test database, so two at once re-seal each other's rows.
@Suite(.serialized) struct KeyRotationTests {
    static let old = SecretBox.generateSpec(id: "rot1")
    static let new = SecretBox.generateSpec(id: "rot2")

    @Test func rotationReSealsEverythingUnderTheActiveKeyAndResumesAfterAnInterruption() async throws {
        // The server seals under rot1 and opens rot1 and rot2, as a node does during a rotation.
        try await TestServer.with(environment: ["RELAIS_MASTER_KEYS": "\(Self.old),\(Self.new)"]) { server in
            let a = try await TestTenant.signUp(on: server, company: "A")
            let b = try await TestTenant.signUp(on: server, company: "B")
            var numbers: [(TestTenant, String)] = []
            for tenant in [a, a, b] {
                let created = try await server.request(.POST, "/api/v1/whatsapp/numbers/sandbox", token: tenant.accessToken)
                numbers.append((tenant, try #require(created.json["id"] as? String)))
            }
            let tenants: Set<TenantID> = [try Self.tenant(a), try Self.tenant(b)]
            #expect(try await Self.keyIDs(tenants) == ["rot1", "rot1", "rot1"])

            let summaries = try await Self.withDatabase { database in
                let rotator = SecretRotator(
                    database: database, secrets: try SecretBox(spec: "\(Self.new),\(Self.old)"), batchSize: 1, logger: Logger(label: "t"))
                // Stopped after one batch, as a killed run: one value moved, two left, and the next run finishes.
                let first = try await rotator.rotate(only: tenants, maxBatches: 1)
                let second = try await rotator.rotate(only: tenants)
                let third = try await rotator.rotate(only: tenants)
                return [first, second, third]
            }
            #expect(!summaries[0].finished && summaries[0].remaining == 2 && !summaries[0].complete)
            #expect(summaries[1].complete && summaries[1].resealed["whatsapp_numbers.access_token_sealed"] == 2)
            #expect(summaries[2].complete && summaries[2].resealed.isEmpty)
            #expect(try await Self.keyIDs(tenants) == ["rot2", "rot2", "rot2"])

            // The running app opens the rotated tokens: verifying each number calls the (simulated) Graph API with it.
            for (tenant, id) in numbers {
                #expect(try await server.request(.POST, "/api/v1/whatsapp/numbers/\(id)/verify", token: tenant.accessToken).status == 200)
            }
            for tenant in [a, b] {
                let audit = try await server.request(.GET, "/api/v1/audit-log?limit=500", token: tenant.accessToken)
                #expect(audit.text.contains("keys.rotated"))
            }
            let lines = KeysRotateCommand.report(summaries[1])
            #expect(lines.contains("whatsapp_numbers.access_token_sealed: 2 re-sealed"))
        }
    }

    @Test func aValueThatNoKeyOpensIsNamedByRowAndFailsTheRun() async throws {
        try await TestServer.with(environment: ["RELAIS_MASTER_KEYS": Self.old]) { server in
            let admin = try await TestTenant.signUp(on: server)
            let created = try await server.request(.POST, "/api/v1/whatsapp/numbers/sandbox", token: admin.accessToken)
            let id = try #require(created.json["id"] as? String)
            let tenant = try Self.tenant(admin)
            // Keys that do not include rot1: the value cannot be opened and must be reported, not lost.
            let summary = try await Self.withDatabase { database in
                try await SecretRotator(database: database, secrets: try SecretBox(spec: Self.new), logger: Logger(label: "t")).rotate(only: [tenant])
            }
            #expect(!summary.complete)
            #expect(summary.failures.map(\.row.uuidString).map { $0.lowercased() } == [id])
            let report = KeysRotateCommand.report(summary).joined(separator: "\n")
            #expect(report.contains("CANNOT OPEN whatsapp_numbers.access_token_sealed row \(id)"))
            #expect(report.contains("rot1"))
            #expect(try await Self.keyIDs([tenant]) == ["rot1"])
        }
    }

    @Test func aDatabaseDumpHoldsNoAccessTokenInClear() async throws {
        try await TestServer.with { server in
            let admin = try await TestTenant.signUp(on: server)
            let number = try await server.simulator.createNumber(["display_phone_number": "+221 77 000 00 09"])
            let connected = try await server.request(
                .POST, "/api/v1/whatsapp/numbers",
                json: ["phone_number_id": number.phoneNumberID, "waba_id": number.wabaID, "access_token": number.accessToken], token: admin.accessToken)
            #expect(connected.status == 201)
            let endpoints = try await TestDatabase.shared.start()
            let dump = try await Self.pgDump(endpoints.owner)
            // The dump is real (it holds the number's row), and the token is only there sealed.
            #expect(dump.contains(number.phoneNumberID))
            #expect(!dump.contains(number.accessToken))
        }
    }

    static func tenant(_ tenant: TestTenant) throws -> TenantID {
        TenantID(try #require(UUID(uuidString: tenant.companyID)))
    }

    /// The key ids of these companies' sealed tokens, sorted, read as the owner.
    static func keyIDs(_ tenants: Set<TenantID>) async throws -> [String] {
        let endpoints = try await TestDatabase.shared.start()
        let ids = tenants.map(\.rawValue)
        return try await TestDatabase.withOwnerClient(endpoints) { client in
            let rows = try await client.query(
                "SELECT split_part(access_token_sealed, '.', 2) FROM whatsapp_numbers WHERE tenant_id = ANY(\(ids)::uuid[]) ORDER BY 1")
            var keys: [String] = []
            for try await key in rows.decode(String.self) { keys.append(key) }
            return keys
        }
    }

    static func withDatabase<Result: Sendable>(_ body: @Sendable (Database) async throws -> Result) async throws -> Result {
        let endpoints = try await TestDatabase.shared.start()
        return try await TestDatabase.withClient(endpoints.application) { client in
            try await body(Database(client: client, logger: Logger(label: "relais.tests.rotation")))
        }
    }

    /// `pg_dump` of the test database as its owner, as plain SQL.
    static func pgDump(_ owner: DatabaseURL) async throws -> String {
        try await ReportFileInspection.offloaded { try blockingPGDump(owner) }
    }

    private static func blockingPGDump(_ owner: DatabaseURL) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: try PostgresBinaries.locate().path("pg_dump"))
        process.arguments = ["-h", owner.host, "-p", String(owner.port), "-U", owner.username, "-d", owner.database, "--no-owner"]
        var environment = ProcessInfo.processInfo.environment
        environment["PGPASSWORD"] = owner.password
        process.environment = environment
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { throw TestFailure("pg_dump exited with \(process.terminationStatus)") }
        return String(decoding: data, as: UTF8.self)
    }
}
