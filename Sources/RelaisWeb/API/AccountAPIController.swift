import Foundation
import Hummingbird
import RelaisCore
import RelaisStore

/// `/api/v1/me`, `/api/v1/company`, `/api/v1/users…` and `/api/v1/audit-log`.
struct AccountAPIController {
    let database: Database
    let team: TeamService

    struct CompanyBody: StrictDecodable {
        static let fields: Set<String> = ["name", "default_country", "timezone", "opt_out_keywords", "message_retention_months"]
        let name: String?
        let defaultCountry: String?
        let timezone: String?
        let optOutKeywords: [String]?
        let messageRetentionMonths: Int?
    }

    struct InviteBody: StrictDecodable {
        static let fields: Set<String> = ["name", "email", "role"]
        let name: String?
        let email: String?
        let role: String?
    }

    struct UserPatchBody: StrictDecodable {
        static let fields: Set<String> = ["role"]
        let role: String?
    }

    struct MePayload: Encodable {
        let user: UserPayload
        let company: CompanyPayload
    }

    struct InvitationPayload: Encodable {
        let user: UserPayload
        let invitationUrl: String
    }

    func register(_ api: APIRegistrar) {
        api.on(.me) { _, context in
            let identity = try context.requireIdentity()
            try identity.require(.viewOwnProfile)
            // Everything shown was read with the identity, in the request's one authentication round trip.
            return try JSONResponse.make(MePayload(user: UserPayload(identity.user), company: CompanyPayload(identity.company)))
        }
        api.on(.updateCompany) { request, context in
            let identity = try context.requireIdentity()
            try identity.require(.manageSettings)
            let body = try await JSONBody.decode(CompanyBody.self, from: request, context: context)
            let company = try await CompanySettings.update(
                database: database, identity: identity, name: body.name, defaultCountry: body.defaultCountry, timezone: body.timezone,
                optOutKeywords: body.optOutKeywords, messageRetentionMonths: body.messageRetentionMonths,
                client: ClientInfo(request, context, browser: false))
            return try JSONResponse.make(CompanyPayload(company))
        }
        api.on(.listUsers) { request, context in
            let identity = try context.requireIdentity()
            try identity.require(.viewTeam)
            let limit = try ListQuery.limit(request)
            let after = try ListQuery.uuid("after", request).map(UserID.init)
            let users = try await database.withTenant(identity.tenant) { try await $0.users(limit: limit + 1, after: after) }
            let page = Array(users.prefix(limit))
            return try JSONResponse.make(
                Page(data: page.map(UserPayload.init), next: users.count > limit ? page.last?.id.description : nil))
        }
        api.on(.inviteUser) { request, context in
            let identity = try context.requireIdentity()
            try identity.require(.manageUsers)
            let body = try await JSONBody.decode(InviteBody.self, from: request, context: context)
            let invitation = try await team.invite(
                by: identity, name: body.name, email: body.email, role: body.role, client: ClientInfo(request, context, browser: false))
            return try JSONResponse.make(
                InvitationPayload(user: UserPayload(invitation.user), invitationUrl: invitation.link), status: .created)
        }
        api.on(.getUser) { _, context in
            let identity = try context.requireIdentity()
            try identity.require(.viewTeam)
            let id = UserID(try ListQuery.pathID(context))
            guard let user = try await database.withTenant(identity.tenant, { try await $0.user(id) }) else { throw Problem.notFound() }
            return try JSONResponse.make(UserPayload(user))
        }
        api.on(.updateUser) { request, context in
            let identity = try context.requireIdentity()
            try identity.require(.manageUsers)
            let id = UserID(try ListQuery.pathID(context))
            let body = try await JSONBody.decode(UserPatchBody.self, from: request, context: context)
            let user = try await team.changeRole(of: id, to: body.role, by: identity, client: ClientInfo(request, context, browser: false))
            return try JSONResponse.make(UserPayload(user))
        }
        api.on(.deleteUser) { request, context in
            let identity = try context.requireIdentity()
            try identity.require(.manageUsers)
            let id = UserID(try ListQuery.pathID(context))
            try await team.remove(id, by: identity, client: ClientInfo(request, context, browser: false))
            return JSONResponse.noContent()
        }
        api.on(.auditLog) { request, context in
            let identity = try context.requireIdentity()
            try identity.require(.viewAuditLog)
            let limit = try ListQuery.limit(request)
            let before = try request.uri.queryParameters.get("after").map { raw -> Int64 in
                guard let value = Int64(raw) else { throw Problem.validation([.init(field: "after", code: "error.field.invalid")]) }
                return value
            }
            let entries = try await database.withTenant(identity.tenant) { try await $0.auditEntries(limit: limit + 1, before: before) }
            let page = Array(entries.prefix(limit))
            return try JSONResponse.make(
                Page(data: page.map(AuditEntryPayload.init), next: entries.count > limit ? page.last.map { String($0.id) } : nil))
        }
    }
}
