import Foundation
import Hummingbird
import RelaisCore
import RelaisStore

/// Settings → API keys: list, create (the key shown once, with a copy button), revoke (after confirmation).
struct APIKeysPagesController {
    let keys: APIKeyService
    let database: Database
    let pages: PageRenderer
    let localizer: Localizer
    let configuration: WebConfiguration

    /// The flash kind that carries a key just created to the page that shows it once.
    static let createdFlashKind = "api_key_created"

    var outcome: FormOutcome { FormOutcome(localizer: localizer, secureCookies: configuration.secureCookies) }

    func register(_ router: Router<AppRequestContext>) {
        router.get(RouterPath(PagePath.apiKeys.rawValue)) { request, context in
            let identity = try context.requireIdentity()
            try identity.require(.manageAPIKeys)
            let list = try await keys.list(identity, limit: 500, after: nil)
            var flash = Flash.read(from: request)
            var newKey: String?
            if let shown = flash, shown.kind == Self.createdFlashKind {
                newKey = shown.value
                flash = Flash(kind: "success", message: shown.message, value: nil)
            }
            let model = APIKeysPageModel(
                keys: list, viewer: identity, newKey: newKey, localizer: localizer, language: context.language, timezone: identity.company.timezone)
            return try pages.render("api-keys", model: model, titleKey: "api_keys.title", context: context, flash: flash, activeNav: "api_keys")
        }
        router.post(RouterPath(PagePath.apiKeys.rawValue)) { request, context in
            let identity = try context.requireIdentity()
            try identity.require(.manageAPIKeys)
            let form = try await FormBody.read(request, context: context)
            return await outcome.run(to: PagePath.apiKeys.rawValue, context) {
                let (created, key) = try await keys.create(
                    by: identity, name: form["name"], role: form["role"], client: ClientInfo(request, context, browser: true))
                return Flash(
                    kind: Self.createdFlashKind, message: localizer.text("api_keys.created_message", context.language, ["name": created.name]), value: key)
            }
        }
        router.post(RouterPath(PagePath.apiKeys.rawValue + "/:id/revoke")) { request, context in
            let identity = try context.requireIdentity()
            try identity.require(.manageAPIKeys)
            let id = try ListQuery.pathID(context)
            _ = try await FormBody.read(request, context: context)
            return await outcome.run(to: PagePath.apiKeys.rawValue, context) {
                try await keys.revoke(id, by: identity, client: ClientInfo(request, context, browser: true))
                return localizer.text("api_keys.revoked_message", context.language)
            }
        }
    }
}
