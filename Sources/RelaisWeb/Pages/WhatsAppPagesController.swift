import Foundation
import Hummingbird
import RelaisCore
import RelaisStore
import WhatsAppCloud

/// The WhatsApp numbers page (admins) and the Templates pages.
struct WhatsAppPagesController {
    let database: Database
    let numbers: NumberService
    let templates: TemplateService
    let pages: PageRenderer
    let localizer: Localizer
    let configuration: WebConfiguration

    var outcome: FormOutcome { FormOutcome(localizer: localizer, secureCookies: configuration.secureCookies) }

    func register(_ router: Router<AppRequestContext>) {
        router.get(RouterPath(PagePath.numbers.rawValue)) { request, context in
            let identity = try context.requireIdentity()
            try identity.require(.manageNumbers)
            return try await numbersPage(identity, context, flash: Flash.read(from: request))
        }
        router.post(RouterPath(PagePath.numbers.rawValue)) { request, context in
            let identity = try context.requireIdentity()
            try identity.require(.manageNumbers)
            let form = try await FormBody.read(request, context: context)
            do {
                let number = try await numbers.connect(
                    phoneNumberID: form["phone_number_id"], wabaID: form["waba_id"], accessToken: form["access_token"], by: identity,
                    client: ClientInfo(request, context, browser: true))
                return outcome.redirect(to: PagePath.numbers.rawValue, Flash(kind: "success", message: localizer.text("numbers.connected", context.language, ["number": number.displayPhoneNumber]), value: nil))
            } catch {
                let problem = ErrorPresentationMiddleware.problem(for: error)
                guard problem.status.code < 500 || problem.status == .badGateway else { throw error }
                let errors = Dictionary(problem.issues.map { ($0.field, localizer.text($0.code, context.language)) }, uniquingKeysWith: { a, _ in a })
                return try await numbersPage(
                    identity, context, values: form.filter { $0.key != "access_token" && $0.key != "csrf_token" }, errors: errors,
                    summary: localizer.text(problem.issues.isEmpty ? problem.code : "error.validation", context.language), status: problem.status)
            }
        }
        router.post(RouterPath(PagePath.numbersSandbox.rawValue)) { request, context in
            let identity = try context.requireIdentity()
            try identity.require(.manageNumbers)
            _ = try await FormBody.read(request, context: context)
            return await outcome.run(to: PagePath.numbers.rawValue, context) {
                let number = try await numbers.connectSandboxNumber(displayPhoneNumber: nil, by: identity, client: ClientInfo(request, context, browser: true))
                return localizer.text("numbers.connected", context.language, ["number": number.displayPhoneNumber])
            }
        }
        router.post(RouterPath(PagePath.numbers.rawValue + "/:id/verify")) { request, context in
            let identity = try context.requireIdentity()
            try identity.require(.manageNumbers)
            let id = try ListQuery.pathID(context)
            _ = try await FormBody.read(request, context: context)
            return await outcome.run(to: PagePath.numbers.rawValue, context) {
                _ = try await numbers.reverify(id, by: identity, client: ClientInfo(request, context, browser: true))
                return localizer.text("numbers.verified", context.language)
            }
        }
        router.post(RouterPath(PagePath.numbers.rawValue + "/:id/remove")) { request, context in
            let identity = try context.requireIdentity()
            try identity.require(.manageNumbers)
            let id = try ListQuery.pathID(context)
            _ = try await FormBody.read(request, context: context)
            return await outcome.run(to: PagePath.numbers.rawValue, context) {
                try await numbers.remove(id, by: identity, client: ClientInfo(request, context, browser: true))
                return localizer.text("numbers.removed", context.language)
            }
        }
        registerTemplates(router)
    }

    private func numbersPage(
        _ identity: Identity, _ context: AppRequestContext, flash: Flash? = nil, values: [String: String] = [:], errors: [String: String] = [:],
        summary: String? = nil, status: HTTPResponse.Status = .ok
    ) async throws -> Response {
        let list = try await database.withTenant(identity.tenant) { try await $0.numbers() }
        let model = NumbersPageModel(
            numbers: list, sandboxMode: numbers.sandbox != nil, localizer: localizer, language: context.language,
            timezone: identity.company.timezone, values: values, errors: errors, summary: summary)
        return try pages.render("numbers", model: model, titleKey: "numbers.title", context: context, flash: flash, status: status, activeNav: "numbers")
    }

    private func registerTemplates(_ router: Router<AppRequestContext>) {
        router.get(RouterPath(PagePath.templates.rawValue)) { request, context in
            let identity = try context.requireIdentity()
            try identity.require(.viewTemplates)
            let (list, connected) = try await database.withTenant(identity.tenant) { (try await $0.templates(), try await $0.numbers()) }
            let model = TemplatesPageModel(
                templates: list, numbers: connected, canManage: PermissionMatrix.allows(identity.user.role, .manageTemplates),
                localizer: localizer, language: context.language, timezone: identity.company.timezone)
            return try pages.render(
                "templates", model: model, titleKey: "templates.title", context: context, flash: Flash.read(from: request), activeNav: "templates")
        }
        router.get(RouterPath(PagePath.templatesNew.rawValue)) { _, context in
            let identity = try context.requireIdentity()
            try identity.require(.manageTemplates)
            return try await templateForm(identity, context, values: [:], errors: [:], summary: nil, status: .ok)
        }
        router.post(RouterPath(PagePath.templates.rawValue)) { request, context in
            let identity = try context.requireIdentity()
            try identity.require(.manageTemplates)
            let form = try await FormBody.read(request, context: context)
            do {
                guard let numberID = form["number_id"].flatMap(UUID.init(uuidString:)) else {
                    throw ValidationFailure([.init(field: "number_id", code: "error.required")])
                }
                let template = try await templates.create(
                    numberID: numberID, name: form["name"] ?? "", category: form["category"] ?? "", language: form["language"] ?? "",
                    components: TemplateFormComponents.components(from: form), by: identity, client: ClientInfo(request, context, browser: true))
                return outcome.redirect(to: PagePath.templates.rawValue, Flash(kind: "success", message: localizer.text("templates.submitted", context.language, ["name": template.name]), value: nil))
            } catch {
                let problem = ErrorPresentationMiddleware.problem(for: error)
                guard problem.status.code < 500 || problem.status == .badGateway else { throw error }
                let errors = Dictionary(problem.issues.map { (TemplateFormComponents.formField($0.field), localizer.text($0.code, context.language)) }, uniquingKeysWith: { a, _ in a })
                return try await templateForm(
                    identity, context, values: form, errors: errors,
                    summary: localizer.text(problem.issues.isEmpty ? problem.code : "error.validation", context.language), status: problem.status)
            }
        }
        router.post(RouterPath(PagePath.templatesSync.rawValue)) { request, context in
            let identity = try context.requireIdentity()
            try identity.require(.manageTemplates)
            _ = try await FormBody.read(request, context: context)
            return await outcome.run(to: PagePath.templates.rawValue, context) {
                let count = try await templates.sync(numberID: nil, by: identity, client: ClientInfo(request, context, browser: true))
                return localizer.text("templates.synced", context.language, ["count": String(count)])
            }
        }
    }

    private func templateForm(
        _ identity: Identity, _ context: AppRequestContext, values: [String: String], errors: [String: String], summary: String?, status: HTTPResponse.Status
    ) async throws -> Response {
        let connected = try await database.withTenant(identity.tenant) { try await $0.numbers() }
        let model = TemplateFormModel(numbers: connected, values: values, errors: errors, summary: summary, localizer: localizer, language: context.language)
        return try pages.render("template-new", model: model, titleKey: "templates.new_title", context: context, status: status, activeNav: "templates")
    }
}
