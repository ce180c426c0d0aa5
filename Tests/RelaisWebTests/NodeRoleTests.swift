import Foundation
import Testing

@testable import Relais

/// `RELAIS_ROLE` and the database switches a deployment behind PgBouncer uses (`deploy/`, `docs/scaling.md`).
@Suite struct NodeRoleTests {
    @Test func theDefaultRoleRunsEverything() throws {
        let configuration = try RelaisConfiguration(environment: [:])
        #expect(configuration.role == .all && configuration.runsDispatcher && configuration.runsImportWorker)
        #expect(configuration.usesPreparedStatements)
        #expect(configuration.role.servesApplication)
    }

    @Test func aWebNodeRunsNoWorkerAndRefusesToBeToldOtherwise() throws {
        let web = try RelaisConfiguration(environment: ["RELAIS_ROLE": "web"])
        #expect(!web.runsDispatcher && !web.runsImportWorker)
        #expect(throws: ConfigurationError.self) { try RelaisConfiguration(environment: ["RELAIS_ROLE": "web", "RELAIS_DISPATCHER": "on"]) }
        #expect(throws: ConfigurationError.self) { try RelaisConfiguration(environment: ["RELAIS_ROLE": "web", "RELAIS_IMPORT_WORKER": "true"]) }
        #expect(throws: ConfigurationError.self) { try RelaisConfiguration(environment: ["RELAIS_ROLE": "everything"]) }
        let quiet = try RelaisConfiguration(environment: ["RELAIS_ROLE": "dispatcher", "RELAIS_IMPORT_WORKER": "off"])
        #expect(quiet.runsDispatcher && !quiet.runsImportWorker)
        let old = try RelaisConfiguration(environment: ["RELAIS_DISPATCHER": "off"])
        #expect(old.role == .all && !old.runsDispatcher && old.runsImportWorker, "the flags alone keep their meaning")
    }

    @Test func aDirectURLTurnsPreparedStatementsOffUnlessAsked() throws {
        let pooled = try RelaisConfiguration(environment: ["RELAIS_DIRECT_DATABASE_URL": "postgres://relais@127.0.0.1:5432/relais"])
        #expect(!pooled.usesPreparedStatements)
        let forced = try RelaisConfiguration(environment: ["RELAIS_DIRECT_DATABASE_URL": "postgres://relais@db/relais", "RELAIS_DB_PREPARED": "on"])
        #expect(forced.usesPreparedStatements)
        #expect(!(try RelaisConfiguration(environment: ["RELAIS_DB_PREPARED": "off"])).usesPreparedStatements)
        #expect(throws: ConfigurationError.self) { try RelaisConfiguration(environment: ["RELAIS_DB_PREPARED": "sometimes"]) }
    }

    @Test func aDispatcherNodeAnswersOnlyTheOperationalRoutes() async throws {
        try await TestServer.with(environment: ["RELAIS_ROLE": "dispatcher"]) { server in
            #expect(try await server.request(.GET, "/healthz").status == 200)
            #expect(try await server.request(.GET, "/readyz").status == 200)
            #expect(try await server.request(.GET, "/metrics").status == 200)
            for path in ["/", "/login", "/api/v1/me", "/api/v1/openapi.json", "/webhooks/whatsapp", "/api/v1/realtime"] {
                #expect(try await server.request(.GET, path).status == 404, "\(path)")
            }
            let signup = try await server.request(
                .POST, "/api/v1/auth/signup", json: ["company": "Nope", "name": "Ana", "email": "ana-\(UUID())@example.com", "password": "long enough password"])
            #expect(signup.status == 404)
        }
    }

    @Test func authenticationWorksWithoutNamedPreparedStatements() async throws {
        try await TestServer.with(environment: ["RELAIS_DB_PREPARED": "off"]) { server in
            let tenant = try await TestTenant.signUp(on: server)
            for _ in 0..<3 {
                let me = try await server.request(.GET, "/api/v1/me", token: tenant.accessToken)
                #expect(me.status == 200 && (me.json["user"] as? [String: Any])?["email"] as? String == tenant.email)
            }
            #expect(try await server.request(.GET, "/api/v1/me", token: tenant.accessToken + "x").status == 401)
        }
    }
}
