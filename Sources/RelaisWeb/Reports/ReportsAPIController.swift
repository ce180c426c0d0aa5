import Foundation
import Hummingbird
import RelaisCore
import RelaisStore

/// The analytics API: the overview of a period and a campaign's report as JSON, a campaign's recipients (paged),
/// and their Excel and PDF exports. Reading needs `viewReports`; exporting needs `exportReports` and is audited.
struct ReportsAPIController {
    let database: Database
    let analytics: AnalyticsService
    let localizer: Localizer

    func register(_ api: APIRegistrar) {
        api.on(.reportsOverview) { request, context in
            let identity = try context.requireIdentity()
            try identity.require(.viewReports)
            let period = try analytics.period(query: { request.uri.queryParameters.get($0) }, company: identity.company)
            return try JSONResponse.make(OverviewPayload(try await analytics.overview(identity.company, period: period)))
        }
        api.on(.reportsOverviewXLSX) { request, context in
            let identity = try context.requireIdentity()
            try identity.require(.exportReports)
            let period = try analytics.period(query: { request.uri.queryParameters.get($0) }, company: identity.company)
            let report = try await analytics.overview(identity.company, period: period)
            try await audit(identity, context, target: nil, ["report": "overview", "format": "xlsx", "from": period.from.description, "to": period.to.description])
            let url = try await ReportWorkbooks(database: database, localizer: localizer, language: context.language).overview(report)
            return TemporaryFileResponse.make(url, contentType: TemporaryFileResponse.xlsx, filename: "overview-\(period.from)-\(period.to).xlsx")
        }
        api.on(.campaignReport) { _, context in
            let identity = try context.requireIdentity()
            try identity.require(.viewReports)
            return try JSONResponse.make(CampaignReportPayload(try await report(identity, context)))
        }
        api.on(.campaignReportXLSX) { _, context in
            let identity = try context.requireIdentity()
            try identity.require(.exportReports)
            let report = try await report(identity, context)
            try await audit(identity, context, target: report.campaign.id, ["report": "campaign", "format": "xlsx"])
            let url = try await ReportWorkbooks(database: database, localizer: localizer, language: context.language).campaign(report)
            return TemporaryFileResponse.make(url, contentType: TemporaryFileResponse.xlsx, filename: "campaign-report.xlsx")
        }
        api.on(.campaignRecipients) { request, context in
            let identity = try context.requireIdentity()
            try identity.require(.viewReports)
            let id = try ListQuery.pathID(context)
            let limit = try ListQuery.limit(request)
            let after = try ListQuery.uuid("after", request)
            let statuses = try Self.statuses(request.uri.queryParameters.get("status"))
            let page = try await database.withTenant(identity.tenant) { connection -> [CampaignRecipient]? in
                guard try await connection.campaign(id) != nil else { return nil }
                return try await connection.campaignRecipients(campaign: id, statuses: statuses, after: after, limit: limit + 1)
            }
            guard let page else { throw Problem.notFound() }
            let shown = page.prefix(limit)
            return try JSONResponse.make(
                Page(data: shown.map(RecipientPayload.init), next: page.count > limit ? shown.last?.messageID.uuidString.lowercased() : nil))
        }
    }

    /// `?status=read,failed`: known statuses only (422 otherwise); empty means every status.
    static func statuses(_ raw: String?) throws -> [MessageStatus] {
        guard let raw, !raw.isEmpty else { return [] }
        return try raw.split(separator: ",").map {
            guard let status = MessageStatus(rawValue: $0.trimmingCharacters(in: .whitespaces)) else {
                throw Problem.validation([ValidationIssue(field: "status", code: "error.field.invalid")])
            }
            return status
        }
    }

    /// The report of the campaign in the path; another company's or an unknown id is a 404.
    func report(_ identity: Identity, _ context: AppRequestContext) async throws -> CampaignReport {
        guard let report = try await analytics.campaignReport(identity.company, campaign: try ListQuery.pathID(context)) else { throw Problem.notFound() }
        return report
    }

    /// Every export leaves an audit entry: who took which figures out, when, from where.
    func audit(_ identity: Identity, _ context: AppRequestContext, target: UUID?, _ details: [String: String]) async throws {
        try await database.withTenant(identity.tenant) { connection in
            try await connection.appendAudit(
                AuditRecord(
                    action: .reportExported, actor: identity.user.id, targetType: target == nil ? "report" : "campaign",
                    targetID: target?.uuidString.lowercased(), ip: context.clientIP, requestID: context.requestID, details: details))
        }
    }
}
