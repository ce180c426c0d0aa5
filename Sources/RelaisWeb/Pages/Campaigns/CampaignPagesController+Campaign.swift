import Foundation
import Hummingbird
import RelaisCore
import RelaisStore

/// The campaign page and its action forms: launch, schedule, pause, resume, cancel, delete and test send.
extension CampaignPagesController {
    func registerCampaign(_ router: Router<AppRequestContext>) {
        router.get("/campaigns/:id") { request, context in
            let identity = try context.requireIdentity()
            try identity.require(.draftCampaigns)
            let campaign = try await load(try ListQuery.pathID(context), identity)
            return try await campaignPage(
                campaign, identity, context, schedule: ScheduleForm(campaign, timezone: identity.company.timezone), flash: Flash.read(from: request))
        }
        router.post("/campaigns/:id/launch") { request, context in
            try await act(request, context, .launchCampaigns) { id, identity, audit, _ in
                let launched = try await campaigns.launch(id, identity: identity, audit: audit)
                let count = NumberFormats(language: context.language).integer(launched.queued)
                return success(localizer.text("campaigns.launched", context.language, ["count": count]))
            }
        }
        for action in [CampaignAction.pause, .resume, .cancel] {
            router.post(RouterPath("/campaigns/:id/\(action.rawValue)")) { request, context in
                try await act(request, context, .launchCampaigns) { id, identity, audit, _ in
                    _ = try await campaigns.act(id, action, identity: identity, audit: audit)
                    return success(localizer.text("campaigns.done.\(action.rawValue)", context.language))
                }
            }
        }
        router.post("/campaigns/:id/delete") { request, context in
            try await act(request, context, .draftCampaigns, done: PagePath.campaigns.rawValue) { id, identity, audit, _ in
                try await campaigns.delete(id, identity: identity, audit: audit)
                return success(localizer.text("campaigns.done.delete", context.language))
            }
        }
        router.post("/campaigns/:id/test-send") { request, context in
            try await act(request, context, .draftCampaigns) { id, identity, audit, form in
                let phone = (form["phone"] ?? "").trimmingCharacters(in: .whitespaces)
                let sent = try await campaigns.testSend(id, TestSendBody(phone: phone, contactId: nil), identity: identity, audit: audit)
                guard sent.status == MessageStatus.sent.rawValue else {
                    let reason = sent.error ?? sent.status
                    return Flash(kind: "error", message: localizer.text("campaigns.test_failed", context.language, ["reason": reason]), value: nil)
                }
                return success(localizer.text("campaigns.test_sent", context.language, ["phone": phone]))
            }
        }
        router.post("/campaigns/:id/schedule") { request, context in
            let identity = try context.requireIdentity()
            try identity.require(.launchCampaigns)
            let campaign = try await load(try ListQuery.pathID(context), identity)
            let form = ScheduleForm(fields: try await FormBody.read(request, context: context))
            return try await schedule(campaign, form, identity, request, context)
        }
    }

    /// Runs one action form: checks the role and the CSRF field, then redirects to the campaign (or `done`) with a
    /// toast saying what happened, or what went wrong in the user's words.
    private func act(
        _ request: Request, _ context: AppRequestContext, _ permission: Permission, done: String? = nil,
        _ action: (UUID, Identity, @escaping CampaignService.Auditor, [String: String]) async throws -> Flash
    ) async throws -> Response {
        let identity = try context.requireIdentity()
        try identity.require(permission)
        let id = try ListQuery.pathID(context)
        let form = try await FormBody.read(request, context: context)
        let audit = CampaignsAPIController.auditor(identity, request, context)
        do {
            let flash = try await action(id, identity, audit, form)
            return outcome.redirect(to: flash.isError ? PagePath.campaign(id) : done ?? PagePath.campaign(id), flash)
        } catch {
            let problem = ErrorPresentationMiddleware.problem(for: error)
            guard problem.status.code < 500, problem.status != .notFound else { throw error }
            let message = localizer.text(problem.issues.first?.code ?? problem.code, context.language)
            return outcome.redirect(to: PagePath.campaign(id), Flash(kind: "error", message: message, value: nil))
        }
    }

    private func success(_ message: String) -> Flash { Flash(kind: "success", message: message, value: nil) }

    /// Schedules from the form; a refused form is drawn again in the page with its values and errors.
    private func schedule(
        _ campaign: CampaignRecord, _ form: ScheduleForm, _ identity: Identity, _ request: Request, _ context: AppRequestContext
    ) async throws -> Response {
        let audit = CampaignsAPIController.auditor(identity, request, context)
        do {
            let payload = try await campaigns.schedule(campaign.id, form.body, identity: identity, audit: audit)
            // A schedule cannot remove a window (absent means "keep"): emptied fields remove it once the schedule holds.
            if form.clearsSendWindow && campaign.sendWindow != nil {
                _ = try await campaigns.update(campaign.id, CampaignForm.emptyBody, clearSendWindow: true, identity: identity, audit: audit)
            }
            let when = payload.nextRunAt.map { DateFormats(language: context.language, timezone: identity.company.timezone).dateTime($0) } ?? ""
            let message = localizer.text("campaigns.scheduled", context.language, ["date": when, "zone": identity.company.timezone])
            return outcome.redirect(to: PagePath.campaign(campaign.id), Flash(kind: "success", message: message, value: nil))
        } catch {
            let problem = ErrorPresentationMiddleware.problem(for: error)
            guard problem.status.code < 500, problem.status != .notFound else { throw error }
            let errors =
                problem.issues.isEmpty
                ? FormErrors(problem: problem, localizer: localizer, language: context.language)
                : FormErrors(problem.issues, localizer: localizer, language: context.language, anchor: ScheduleFormModel.anchor)
            let fresh = try await load(campaign.id, identity)
            return try await campaignPage(fresh, identity, context, schedule: form, scheduleErrors: errors, status: problem.status)
        }
    }

    /// Draws the campaign page: reads the campaign's runs, number, template and segments, counts its audience while it
    /// can still be sent, and renders its message for the first recipient.
    func campaignPage(
        _ campaign: CampaignRecord, _ identity: Identity, _ context: AppRequestContext, schedule: ScheduleForm, scheduleErrors: FormErrors = .none,
        flash: Flash? = nil, status: HTTPResponse.Status = .ok
    ) async throws -> Response {
        let (runs, number, templates, segmentNames, count, figures) = try await database.withTenant(identity.tenant) { connection in
            let templates = try await connection.templates(number: campaign.numberID)
            var count: Int?
            if campaign.state.isEditable, let rules = try? await campaigns.rules(campaign, connection) {
                count = try await connection.countAudience(rules)
            }
            let runs = try await connection.runs(campaign: campaign.id, limit: 20)
            // A decided test shows the figures it was decided on (stored with the decision); a running one, live counts.
            var figures: [Int: VariantFigures] = [:]
            if campaign.ab != nil, let latest = runs.first, latest.abDecision == nil { figures = try await connection.variantFigures(run: latest.id) }
            return (
                runs, try await connection.number(campaign.numberID), templates,
                Dictionary(try await connection.segments(limit: 500, after: nil).map { ($0.id, $0.name) }, uniquingKeysWith: { a, _ in a }), count,
                figures
            )
        }
        let template = templates.first { $0.name == campaign.content.templateName && $0.language == campaign.content.language }
        // The preview is a courtesy: a template gone from the number must not take the whole page down.
        let preview = try? await campaigns.preview(campaign.id, contact: nil, variant: 0, identity: identity)
        let input = CampaignPageModel.Input(
            campaign: campaign, runs: runs, number: number, template: template, templates: templates, variantFigures: figures, segmentNames: segmentNames, audienceCount: count, preview: preview,
            schedule: schedule, scheduleErrors: scheduleErrors)
        let model = CampaignPageModel(input, identity: identity, localizer: localizer, language: context.language)
        return try pages.render(
            "campaign", model: model, titleKey: "campaigns.campaign_title", context: context, flash: flash, status: status, activeNav: "campaigns")
    }
}
