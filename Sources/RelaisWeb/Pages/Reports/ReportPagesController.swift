import Foundation
import Hummingbird
import NIOCore
import RelaisCore
import RelaisStore

/// The Reports page, its weekly-report switch, the weekly files' downloads, and the browser's PDF exports
/// (`/reports/overview.pdf`, `/campaigns/{id}/report.pdf`: the API's exports under page paths, for links).
struct ReportPagesController {
    let database: Database
    let exports: ReportExports
    let pages: PageRenderer
    let localizer: Localizer
    let configuration: WebConfiguration

    var outcome: FormOutcome { FormOutcome(localizer: localizer, secureCookies: configuration.secureCookies) }

    func register(_ router: Router<AppRequestContext>) {
        router.get(RouterPath(PagePath.reports.rawValue)) { request, context in
            let identity = try context.requireIdentity()
            try identity.require(.viewReports)
            let (files, weekly) = try await database.withTenant(identity.tenant) { connection in
                (try await connection.reportFiles(), try await connection.weeklyReportEnabled())
            }
            let model = ReportsPageModel(files: files, weeklyEnabled: weekly, viewer: identity, localizer: localizer, language: context.language)
            return try pages.render(
                "reports", model: model, titleKey: "reports.page.title", context: context, flash: Flash.read(from: request), activeNav: "reports")
        }
        router.post(RouterPath(PagePath.reportsWeekly.rawValue)) { request, context in
            let identity = try context.requireIdentity()
            try identity.require(.manageSettings)
            let form = try await FormBody.read(request, context: context)
            return await outcome.run(to: PagePath.reports.rawValue, context, message: {
                let enabled = form["weekly_report"] == "on"
                try await setWeekly(enabled, identity, context)
                return localizer.text(enabled ? "reports.page.weekly_enabled" : "reports.page.weekly_disabled", context.language)
            })
        }
        router.get(RouterPath(PagePath.reports.rawValue + "/files/:id")) { _, context in
            let identity = try context.requireIdentity()
            try identity.require(.viewReports)
            let id = try ListQuery.pathID(context)
            guard let (file, content) = try await database.withTenant(identity.tenant, { try await $0.reportFileContent(id) }) else {
                throw Problem.notFound()
            }
            try await exports.audit(identity, context, target: nil, ["report": file.kind, "format": "pdf", "from": file.from.description, "to": file.to.description])
            return Response(
                status: .ok,
                headers: [
                    .contentType: TemporaryFileResponse.pdf,
                    .contentDisposition: "attachment; filename=\"weekly-overview-\(file.from)-\(file.to).pdf\"",
                ],
                body: ResponseBody(byteBuffer: content))
        }
        router.get(RouterPath(PagePath.reportsOverviewPDF.rawValue)) { request, context in try await exports.overview(.pdf, request, context) }
        router.get(RouterPath(PagePath.campaigns.rawValue + "/:id/report.pdf")) { _, context in try await exports.campaign(.pdf, context) }
    }

    /// Turns the weekly overview on or off, with its audit entry in the same transaction.
    private func setWeekly(_ enabled: Bool, _ identity: Identity, _ context: AppRequestContext) async throws {
        try await database.withTenant(identity.tenant) { connection in
            try await connection.setWeeklyReport(enabled)
            try await connection.appendAudit(
                AuditRecord(
                    action: .weeklyReportChanged, actor: identity.user.id, targetType: "company", targetID: identity.tenant.rawValue.uuidString.lowercased(),
                    ip: context.clientIP, requestID: context.requestID, details: ["weekly_report": enabled ? "on" : "off"]))
        }
    }
}
