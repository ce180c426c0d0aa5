import Foundation
import Hummingbird
import RelaisCore
import RelaisStore

/// The signed-in settings pages: the Team page and the Audit log page (the dashboard is `AnalyticsPagesController`'s).
struct AppPagesController {
    let database: Database
    let team: TeamService
    let pages: PageRenderer
    let localizer: Localizer
    let configuration: WebConfiguration

    var outcome: FormOutcome { FormOutcome(localizer: localizer, secureCookies: configuration.secureCookies) }

    func register(_ router: Router<AppRequestContext>) {
        router.get(RouterPath(PagePath.team.rawValue)) { request, context in
            let identity = try context.requireIdentity()
            try identity.require(.viewTeam)
            let users = try await database.withTenant(identity.tenant) { try await $0.users(limit: 500, after: nil) }
            let model = TeamPageModel(users: users, viewer: identity, localizer: localizer, language: context.language)
            return try pages.render(
                "team", model: model, titleKey: "team.title", context: context, flash: Flash.read(from: request), activeNav: "team")
        }
        router.post(RouterPath(PagePath.teamInvite.rawValue)) { request, context in
            let identity = try context.requireIdentity()
            try identity.require(.manageUsers)
            let form = try await FormBody.read(request, context: context)
            return await outcome.run(to: PagePath.team.rawValue, context) {
                let invitation = try await team.invite(
                    by: identity, name: form["name"], email: form["email"], role: form["role"],
                    client: ClientInfo(request, context, browser: true))
                return Flash(kind: "success", message: localizer.text("team.invited", context.language, ["email": invitation.user.email.value]), value: invitation.link)
            }
        }
        router.post(RouterPath(PagePath.team.rawValue + "/:id/role")) { request, context in
            let identity = try context.requireIdentity()
            try identity.require(.manageUsers)
            let id = UserID(try ListQuery.pathID(context))
            let form = try await FormBody.read(request, context: context)
            return await outcome.run(to: PagePath.team.rawValue, context) {
                let user = try await team.changeRole(of: id, to: form["role"], by: identity, client: ClientInfo(request, context, browser: true))
                return Flash(kind: "success", message: localizer.text("team.role_changed", context.language, ["name": user.name]), value: nil)
            }
        }
        router.post(RouterPath(PagePath.team.rawValue + "/:id/remove")) { request, context in
            let identity = try context.requireIdentity()
            try identity.require(.manageUsers)
            let id = UserID(try ListQuery.pathID(context))
            _ = try await FormBody.read(request, context: context)
            return await outcome.run(to: PagePath.team.rawValue, context) {
                try await team.remove(id, by: identity, client: ClientInfo(request, context, browser: true))
                return Flash(kind: "success", message: localizer.text("team.removed", context.language), value: nil)
            }
        }
        router.get(RouterPath(PagePath.audit.rawValue)) { request, context in
            let identity = try context.requireIdentity()
            try identity.require(.viewAuditLog)
            let before = request.uri.queryParameters.get("before").flatMap { Int64($0) }
            // The first page also recomputes the company's whole chain (one walk in the database; older pages skip it).
            let (entries, chain) = try await database.withTenant(identity.tenant) { connection in
                (try await connection.auditEntries(limit: 51, before: before), before == nil ? try await connection.verifyAuditChain() : nil)
            }
            let model = AuditPageModel(
                entries: entries, chain: chain.map { AuditChainStatus($0, localizer: localizer, language: context.language) }, language: context.language,
                timezone: identity.company.timezone)
            return try pages.render("audit", model: model, titleKey: "audit.title", context: context, activeNav: "audit")
        }
    }
}
