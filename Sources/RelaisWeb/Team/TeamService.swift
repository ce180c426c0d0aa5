import Foundation
import Logging
import RelaisCore
import RelaisStore

/// Managing a company's users: inviting, changing roles, removing. Shared by the API and the Team page.
///
/// The last admin of a company can be neither demoted nor removed (409): a company
/// without an admin could never manage itself again.
struct TeamService: Sendable {
    let database: Database
    let publicBaseURL: String
    /// In the embedded default the invitation link is printed to the log, since no email is sent.
    let logInvitationLinks: Bool
    let logger: Logger
    static let invitationLifetime: TimeInterval = 7 * 24 * 3600

    struct Invitation: Sendable {
        let user: User
        let link: String
    }

    func invite(by actor: Identity, name rawName: String?, email rawEmail: String?, role rawRole: String?, client: ClientInfo)
        async throws -> Invitation
    {
        var issues = ValidationCollector()
        let name = PersonName.clean(rawName)
        if name.isEmpty { issues.add("name", "error.required") } else if name.unicodeScalars.count > Signup.maximumNameLength { issues.add("name", "error.too_long") }
        let email = rawEmail.flatMap(EmailAddress.init)
        if email == nil { issues.add("email", rawEmail?.isEmpty ?? true ? "error.required" : "error.email.invalid") }
        let role = rawRole.flatMap(Role.init(rawValue:))
        if role == nil { issues.add("role", "error.role.invalid") }
        try issues.check()
        let userID = UserID.generate()
        let token = SecretToken.make(.invitation, tenant: actor.tenant)
        let user: User
        do {
            user = try await database.withTenant(actor.tenant) { connection in
                try await connection.insertUser(
                    id: userID, name: name, email: email!, passwordHash: nil, role: role!, language: actor.user.language)
                try await connection.insertInvitation(
                    digest: SecretToken.digest(token), user: userID, expiresAt: Date().addingTimeInterval(Self.invitationLifetime))
                try await connection.appendAudit(
                    AuditRecord(
                        action: .userInvited, actor: actor.user.id, targetType: "user", targetID: userID.description, ip: client.ip,
                        requestID: client.requestID, details: ["email": email!.value, "role": role!.rawValue]))
                guard let user = try await connection.user(userID) else { throw StoreError.notFound }
                return user
            }
        } catch StoreError.uniqueViolation(constraint: "users_email_key") {
            throw Problem.conflict("error.email.taken", "An account with this email already exists.")
        }
        let link = "\(publicBaseURL)\(PagePath.invitation.rawValue)/\(token)"
        if logInvitationLinks {
            logger.notice("invitation link (sandbox: no email is sent)", metadata: ["user.email": "\(user.email)", "link": "\(link)"])
        }
        return Invitation(user: user, link: link)
    }

    /// Changes a user's role; refuses to demote the last admin.
    func changeRole(of id: UserID, to rawRole: String?, by actor: Identity, client: ClientInfo) async throws -> User {
        guard let role = rawRole.flatMap(Role.init(rawValue:)) else { throw ValidationFailure([.init(field: "role", code: "error.role.invalid")]) }
        return try await database.withTenant(actor.tenant) { connection in
            let admins = try await connection.lockAdmins()
            guard let before = try await connection.user(id) else { throw Problem.notFound() }
            if before.role == role { return before }
            if admins == [id], role != .admin { throw Self.lastAdmin }
            _ = try await connection.updateRole(of: id, to: role)
            try await connection.appendAudit(
                AuditRecord(
                    action: .userRoleChanged, actor: actor.user.id, targetType: "user", targetID: id.description, ip: client.ip,
                    requestID: client.requestID, details: ["from": before.role.rawValue, "to": role.rawValue]))
            return try await connection.user(id)!
        }
    }

    /// Removes a user; refuses to remove the last admin.
    func remove(_ id: UserID, by actor: Identity, client: ClientInfo) async throws {
        try await database.withTenant(actor.tenant) { connection in
            let admins = try await connection.lockAdmins()
            guard let user = try await connection.user(id) else { throw Problem.notFound() }
            if admins == [id] { throw Self.lastAdmin }
            _ = try await connection.deleteUser(id)
            try await connection.appendAudit(
                AuditRecord(
                    action: .userRemoved, actor: actor.user.id, targetType: "user", targetID: id.description, ip: client.ip,
                    requestID: client.requestID, details: ["email": user.email.value, "role": user.role.rawValue]))
        }
    }

    static let lastAdmin = Problem.conflict("error.last_admin", "A company needs at least one admin; promote someone else first.")
}
