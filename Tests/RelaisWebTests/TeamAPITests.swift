import Foundation
import Testing

@Suite struct TeamAPITests {
    @Test func adminsInviteAndInvitedUsersJoinWithTheirRole() async throws {
        try await TestServer.with { server in
            let admin = try await TestTenant.signUp(on: server)
            let member = try await admin.addMember(on: server, role: "operator")
            let me = try await server.request(.GET, "/api/v1/me", token: member.token)
            #expect((me.json["user"] as? [String: Any])?["role"] as? String == "operator")
            let list = try await server.request(.GET, "/api/v1/users", token: admin.accessToken)
            let ids = (list.json["data"] as? [[String: Any]] ?? []).compactMap { $0["id"] as? String }
            #expect(Set(ids) == [admin.userID, member.id])
            #expect(list.json.keys.contains("next"))
        }
    }

    @Test func invitedUsersCannotLogInBeforeSettingAPassword() async throws {
        try await TestServer.with { server in
            let admin = try await TestTenant.signUp(on: server)
            let email = "pending-\(UUID().uuidString.prefix(8).lowercased())@example.com"
            let invite = try await server.request(
                .POST, "/api/v1/users", json: ["name": "P", "email": email, "role": "manager"], token: admin.accessToken)
            #expect(invite.status == 201)
            #expect(try await server.request(.POST, "/api/v1/auth/login", json: ["email": email, "password": ""]).status == 401)
        }
    }

    @Test func operatorsAndManagersCannotManageUsers() async throws {
        try await TestServer.with { server in
            let admin = try await TestTenant.signUp(on: server)
            for role in ["operator", "manager"] {
                let member = try await admin.addMember(on: server, role: role)
                let invite = try await server.request(
                    .POST, "/api/v1/users", json: ["name": "X", "email": "x-\(UUID())@example.com", "role": "admin"], token: member.token)
                #expect(invite.status == 403, "\(role)")
                let promote = try await server.request(
                    .PATCH, "/api/v1/users/\(member.id)", json: ["role": "admin"], token: member.token)
                #expect(promote.status == 403, "\(role)")
                #expect(try await server.request(.DELETE, "/api/v1/users/\(admin.userID)", token: member.token).status == 403)
                #expect(try await server.request(.GET, "/api/v1/audit-log", token: member.token).status == 403)
                #expect(try await server.request(.PATCH, "/api/v1/company", json: ["name": "Mine"], token: member.token).status == 403)
                #expect(try await server.request(.GET, "/api/v1/users", token: member.token).status == 200)
            }
        }
    }

    @Test func theLastAdminCanBeNeitherDemotedNorRemoved() async throws {
        try await TestServer.with { server in
            let admin = try await TestTenant.signUp(on: server)
            let demote = try await server.request(.PATCH, "/api/v1/users/\(admin.userID)", json: ["role": "manager"], token: admin.accessToken)
            #expect(demote.status == 409)
            #expect(demote.json["code"] as? String == "error.last_admin")
            #expect(try await server.request(.DELETE, "/api/v1/users/\(admin.userID)", token: admin.accessToken).status == 409)

            let second = try await admin.addMember(on: server, role: "manager")
            let promoted = try await server.request(
                .PATCH, "/api/v1/users/\(second.id)", json: ["role": "admin"], token: admin.accessToken)
            #expect(promoted.json["role"] as? String == "admin")
            #expect(try await server.request(.PATCH, "/api/v1/users/\(admin.userID)", json: ["role": "operator"], token: admin.accessToken).status == 200)
        }
    }

    @Test func removedUsersLoseAccessImmediately() async throws {
        try await TestServer.with { server in
            let admin = try await TestTenant.signUp(on: server)
            let member = try await admin.addMember(on: server, role: "operator")
            #expect(try await server.request(.GET, "/api/v1/me", token: member.token).status == 200)
            #expect(try await server.request(.DELETE, "/api/v1/users/\(member.id)", token: admin.accessToken).status == 204)
            #expect(try await server.request(.GET, "/api/v1/me", token: member.token).status == 401)
            #expect(try await server.request(.GET, "/api/v1/users/\(member.id)", token: admin.accessToken).status == 404)
        }
    }

    @Test func everyChangeIsAudited() async throws {
        try await TestServer.with { server in
            let admin = try await TestTenant.signUp(on: server)
            let member = try await admin.addMember(on: server, role: "operator")
            _ = try await server.request(.PATCH, "/api/v1/users/\(member.id)", json: ["role": "manager"], token: admin.accessToken)
            _ = try await server.request(.PATCH, "/api/v1/company", json: ["default_country": "sn", "timezone": "Africa/Dakar"], token: admin.accessToken)
            _ = try await server.request(.DELETE, "/api/v1/users/\(member.id)", token: admin.accessToken)
            let log = try await server.request(.GET, "/api/v1/audit-log?limit=500", token: admin.accessToken)
            let actions = (log.json["data"] as? [[String: Any]] ?? []).compactMap { $0["action"] as? String }
            for action in ["company.signed_up", "user.invited", "user.password_set", "user.logged_in", "user.role_changed", "company.updated", "user.removed"] {
                #expect(actions.contains(action), "\(action)")
            }
            let entry = (log.json["data"] as? [[String: Any]])?.first { $0["action"] as? String == "user.role_changed" }
            #expect((entry?["details"] as? [String: String]) == ["from": "operator", "to": "manager"])
            #expect(!log.text.contains("password\":") && !log.text.contains("$2b$"))
        }
    }

    @Test func auditLogPagesWithACursor() async throws {
        try await TestServer.with { server in
            let admin = try await TestTenant.signUp(on: server)
            for _ in 0..<3 { _ = try await server.request(.POST, "/api/v1/auth/login", json: ["email": admin.email, "password": admin.password]) }
            let first = try await server.request(.GET, "/api/v1/audit-log?limit=2", token: admin.accessToken)
            let next = try #require(first.json["next"] as? String)
            let second = try await server.request(.GET, "/api/v1/audit-log?limit=2&after=\(next)", token: admin.accessToken)
            let firstIDs = (first.json["data"] as? [[String: Any]] ?? []).compactMap { $0["id"] as? String }
            let secondIDs = (second.json["data"] as? [[String: Any]] ?? []).compactMap { $0["id"] as? String }
            #expect(firstIDs.count == 2 && secondIDs.count == 2)
            #expect(Set(firstIDs).isDisjoint(with: secondIDs))
            #expect(try await server.request(.GET, "/api/v1/audit-log?limit=0", token: admin.accessToken).status == 422)
            #expect(try await server.request(.GET, "/api/v1/audit-log?limit=501", token: admin.accessToken).status == 422)
        }
    }
}
