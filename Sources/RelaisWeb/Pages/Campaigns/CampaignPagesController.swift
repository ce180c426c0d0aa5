import Foundation
import Hummingbird
import RelaisCore
import RelaisStore

/// `/campaigns`, the composer (`/campaigns/new`, `/campaigns/{id}/edit`) and the campaign page with its actions
/// (`CampaignPagesController+Campaign`). Every form posts and redirects with a toast; a refused composer or schedule
/// form is drawn again with its values, an error next to each field and a summary on top.
struct CampaignPagesController {
    let database: Database
    let campaigns: CampaignService
    let pages: PageRenderer
    let localizer: Localizer
    let configuration: WebConfiguration

    var outcome: FormOutcome { FormOutcome(localizer: localizer, secureCookies: configuration.secureCookies) }

    func register(_ router: Router<AppRequestContext>) {
        router.get(RouterPath(PagePath.campaigns.rawValue)) { request, context in
            let identity = try context.requireIdentity()
            try identity.require(.draftCampaigns)
            return try await list(request, identity, context)
        }
        router.get(RouterPath(PagePath.campaignsNew.rawValue)) { _, context in
            let identity = try context.requireIdentity()
            try identity.require(.draftCampaigns)
            let form = try await database.withTenant(identity.tenant) {
                Self.defaultForm(numbers: try await $0.numbers(), templates: try await $0.templates())
            }
            return try await composer(identity, context, campaign: nil, form: form, errors: .none)
        }
        router.post(RouterPath(PagePath.campaigns.rawValue)) { request, context in
            let identity = try context.requireIdentity()
            try identity.require(.draftCampaigns)
            let fields = try await FormBody.read(request, context: context)
            return try await save(nil, fields: fields, request, identity, context)
        }
        router.get("/campaigns/:id/edit") { request, context in
            let identity = try context.requireIdentity()
            try identity.require(.draftCampaigns)
            let campaign = try await load(try ListQuery.pathID(context), identity)
            guard campaign.state.isEditable else {
                let message = localizer.text("campaigns.not_editable", context.language)
                return outcome.redirect(to: PagePath.campaign(campaign.id), Flash(kind: "error", message: message, value: nil))
            }
            return try await composer(
                identity, context, campaign: campaign, form: CampaignForm(campaign), errors: .none, flash: Flash.read(from: request))
        }
        router.post("/campaigns/:id") { request, context in
            let identity = try context.requireIdentity()
            try identity.require(.draftCampaigns)
            let campaign = try await load(try ListQuery.pathID(context), identity)
            let fields = try await FormBody.read(request, context: context)
            return try await save(campaign, fields: fields, request, identity, context)
        }
        registerCampaign(router)
    }

    private func list(_ request: Request, _ identity: Identity, _ context: AppRequestContext) async throws -> Response {
        let query = request.uri.queryParameters.get("q").map { String($0) }
        let state = request.uri.queryParameters.get("state").flatMap { CampaignState(rawValue: String($0)) }
        let after = try ListQuery.uuid("after", request)
        let input = try await database.withTenant(identity.tenant) { connection in
            let found = try await connection.campaigns(limit: 51, after: after, query: query, state: state)
            let page = Array(found.prefix(50))
            return CampaignListPageModel.Input(
                campaigns: page, latestRuns: try await connection.latestRuns(campaigns: page.map(\.id)), hasMore: found.count > 50, query: query,
                state: state, numbers: try await connection.numbers(), hasTemplate: !(try await connection.templates()).isEmpty)
        }
        let model = CampaignListPageModel(input, identity: identity, localizer: localizer, language: context.language)
        return try pages.render(
            "campaigns", model: model, titleKey: "campaigns.title", context: context, flash: Flash.read(from: request), activeNav: "campaigns")
    }

    /// Creates (`campaign` nil) or changes a campaign from the composer; `intent=refresh` only redraws the form for
    /// another template (the no-script way to get its parameter inputs), `intent=stay` keeps the composer open.
    private func save(
        _ campaign: CampaignRecord?, fields: [String: String], _ request: Request, _ identity: Identity, _ context: AppRequestContext
    ) async throws -> Response {
        var form = CampaignForm(fields: fields)
        let intent = fields["intent"] ?? ""
        if intent == "refresh" { return try await composer(identity, context, campaign: campaign, form: form, errors: .none) }
        if intent == "add_variant" || intent.hasPrefix("remove_variant.") {
            form.ab.apply(intent: intent, main: form.mainContent)
            return try await composer(identity, context, campaign: campaign, form: form, errors: .none)
        }
        do {
            let (body, clearWindow) = form.request
            let audit = CampaignsAPIController.auditor(identity, request, context)
            let saved =
                if let campaign {
                    try await campaigns.update(campaign.id, body, clearSendWindow: clearWindow, identity: identity, audit: audit)
                } else {
                    try await campaigns.create(body, identity: identity, audit: audit)
                }
            let next = fields["intent"] == "stay" ? PagePath.campaign(saved.id, "edit") : PagePath.campaign(saved.id)
            return outcome.redirect(to: next, Flash(kind: "success", message: localizer.text("campaigns.saved", context.language), value: nil))
        } catch {
            let problem = ErrorPresentationMiddleware.problem(for: error)
            guard problem.status.code < 500, problem.status != .notFound, problem.status != .forbidden else { throw error }
            let errors =
                problem.issues.isEmpty
                ? FormErrors(problem: problem, localizer: localizer, language: context.language)
                : FormErrors(problem.issues, localizer: localizer, language: context.language, anchor: Self.anchor)
            return try await composer(identity, context, campaign: campaign, form: form, errors: errors, status: problem.status)
        }
    }

    /// Draws the composer with everything it offers: numbers, templates, tags, segments, contact fields and, for a
    /// saved campaign, its audience count and a few real recipients to preview with.
    private func composer(
        _ identity: Identity, _ context: AppRequestContext, campaign: CampaignRecord?, form: CampaignForm, errors: FormErrors, flash: Flash? = nil,
        status: HTTPResponse.Status = .ok
    ) async throws -> Response {
        let input = try await database.withTenant(identity.tenant) { connection in
            var samples: [AudienceMember] = []
            var count: Int?
            // A deleted segment makes the audience unreadable; the composer still opens so it can be fixed.
            if let campaign, let rules = try? await campaigns.rules(campaign, connection) {
                count = try await connection.countAudience(rules)
                samples = try await connection.audienceMembers(rules, limit: 10)
            }
            return CampaignComposerModel.Input(
                campaign: campaign, form: form, numbers: try await connection.numbers(), templates: try await connection.templates(),
                tags: try await connection.tags(limit: 200), segments: try await connection.segments(limit: 200, after: nil),
                attributeKeys: try await connection.contactAttributeKeys(), samples: samples, audienceCount: count, errors: errors)
        }
        let model = CampaignComposerModel(input, localizer: localizer, language: context.language)
        return try pages.render(
            "campaign-compose", model: model, titleKey: campaign == nil ? "campaigns.new_title" : "campaigns.edit_title", context: context,
            flash: flash,
            status: status, activeNav: "campaigns")
    }

    /// A new draft sends from the first number, with its first approved template (else its first template).
    static func defaultForm(numbers: [ConnectedNumber], templates: [StoredTemplate]) -> CampaignForm {
        var form = CampaignForm()
        guard let number = numbers.first else { return form }
        form.numberID = number.id.uuidString.lowercased()
        let own = templates.filter { $0.numberID == number.id }
        if let template = own.first(where: { $0.status == "APPROVED" }) ?? own.first {
            form.template = CampaignForm.templateValue(template.name, template.language)
        }
        return form
    }

    /// The campaign, or the 404 a foreign or unknown id gets.
    func load(_ id: UUID, _ identity: Identity) async throws -> CampaignRecord {
        guard let campaign = try await database.withTenant(identity.tenant, { try await $0.campaign(id) }) else { throw Problem.notFound() }
        return campaign
    }

    /// Where each composer issue is shown and how the summary names it.
    static func anchor(_ field: String) -> (id: String, labelKey: String) {
        let parts = field.split(separator: ".").map(String.init)
        switch parts.first ?? "" {
        case "name": return ("name", "campaigns.name")
        case "number_id": return ("number_id", "campaigns.number")
        case "template": return ("template", "campaigns.template")
        case "variables" where parts.count == 3: return ("variables-\(parts[1])-\(parts[2])", "campaigns.parameters")
        case "variables": return ("parameters", "campaigns.parameters")
        case "variants" where parts.count >= 3:
            // `variants.1.template`, `variants.1.variables.body.0`: the input inside that variant's panel.
            let id = parts.count == 5 || parts[2] == "template" ? parts.joined(separator: "-") : "variants-\(parts[1])-parameters"
            return (id, "campaigns.ab.variants")
        case "variants": return ("ab", "campaigns.ab.variants")
        case "ab" where parts.count == 2 && parts[1] != "variants": return ("ab-\(parts[1])", "campaigns.ab.settings")
        case "ab": return ("ab", "campaigns.ab.variants")
        case "audience": return ("audience", "campaigns.audience.heading")
        case "send_window": return ("send_window-start", "campaigns.send_window")
        default: return ("campaign-form", "campaigns.form")
        }
    }
}
