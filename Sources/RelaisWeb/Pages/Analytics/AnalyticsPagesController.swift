import Foundation
import Hummingbird
import RelaisCore
import RelaisStore

/// The analytics pages: the dashboard (the tenant home page) and a campaign's report. Both read the rollup through
/// `AnalyticsService`, the same figures as the API and the exports; they change nothing, so they write no audit entry
/// (the exports they link to do).
struct AnalyticsPagesController {
    let database: Database
    let analytics: AnalyticsService
    let pages: PageRenderer
    let localizer: Localizer

    func register(_ router: Router<AppRequestContext>) {
        router.get(RouterPath(PagePath.dashboard.rawValue)) { request, context in
            try await dashboard(request, context)
        }
        router.get("/campaigns/:id/report") { request, context in
            try await campaignReport(request, context)
        }
    }

    /// A refused period (inverted, too long, not a date) is shown on the page with its message and a 422, never a 500.
    private func dashboard(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        let identity = try context.requireIdentity()
        try identity.require(.viewDashboard)
        let company = identity.company
        let query = { (name: String) in request.uri.queryParameters.get(name) }
        let today = analytics.today(for: company)
        let period: ReportPeriod
        let message: String?
        do throws(ReportPeriod.Problem) {
            period = try ReportPeriod.read(period: query("period"), from: query("from"), to: query("to"), today: today)
            message = nil
        } catch {
            message = localizer.text(AnalyticsService.issue(error).code, context.language)
            period = (try? ReportPeriod(.last30, today: today)) ?? ReportPeriod.fallback(today)
        }
        let report = message == nil ? try await analytics.overview(company, period: period) : nil
        let everSent = try await database.withTenant(identity.tenant) { try await $0.hasSentMessages() }
        let form = PeriodFormModel(
            period: period, typed: (query("from"), query("to")), error: message, localizer: localizer, language: context.language)
        var fragments = PageFragments()
        let model = DashboardPageModel(
            firstName: identity.user.name.split(separator: " ").first.map(String.init) ?? identity.user.name, report: report, everSent: everSent,
            form: form, canExport: PermissionMatrix.allows(identity.user.role, .exportReports), localizer: localizer, language: context.language,
            fragments: &fragments)
        return try pages.render(
            "dashboard", model: model, titleKey: "dashboard.title", context: context, flash: Flash.read(from: request),
            status: message == nil ? .ok : .unprocessableContent, activeNav: "dashboard", fragments: fragments)
    }

    /// Another company's campaign, or an unknown one, is a 404 page; so is a run that is not this campaign's.
    private func campaignReport(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        let identity = try context.requireIdentity()
        try identity.require(.viewReports)
        let id = try ListQuery.pathID(context)
        let query = { (name: String) in request.uri.queryParameters.get(name).flatMap { $0.isEmpty ? nil : $0 } }
        let run = try query("run").map { raw in
            guard let run = UUID(uuidString: raw) else { throw Problem.notFound() }
            return run
        }
        let status = query("status").flatMap(MessageStatus.init(rawValue:))
        let after = query("after").flatMap(UUID.init(uuidString:))
        guard let report = try await analytics.campaignReport(identity.company, campaign: id, run: run) else { throw Problem.notFound() }
        if let run, !report.runs.contains(where: { $0.id == run }) { throw Problem.notFound() }
        let page = try await database.withTenant(identity.tenant) {
            try await $0.campaignRecipients(campaign: id, run: run, statuses: status.map { [$0] } ?? [], after: after, limit: RecipientListModel.pageSize + 1)
        }
        let recipients = RecipientListModel(
            page, campaign: id, run: run, status: status, timezone: identity.company.timezone, localizer: localizer, language: context.language)
        var fragments = PageFragments()
        let model = CampaignReportPageModel(
            report, run: run, recipients: recipients, canExport: PermissionMatrix.allows(identity.user.role, .exportReports), localizer: localizer,
            language: context.language, fragments: &fragments)
        return try pages.render("campaign-report", model: model, titleKey: "report.title", context: context, activeNav: "campaigns", fragments: fragments)
    }
}
