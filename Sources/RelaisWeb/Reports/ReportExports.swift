import Foundation
import Hummingbird
import RelaisCore
import RelaisStore

/// The four report downloads (overview and campaign, XLSX and PDF), shared by the API routes and the browser's
/// page routes so both check the same permission, refuse the same periods and leave the same audit entry.
struct ReportExports {
    enum Format: String {
        case xlsx, pdf

        var contentType: String { self == .pdf ? TemporaryFileResponse.pdf : TemporaryFileResponse.xlsx }
    }

    let database: Database
    let analytics: AnalyticsService
    let localizer: Localizer

    /// The overview of `?period=`/`?from=&to=` (a bad period is a 422), audited before it is written.
    func overview(_ format: Format, _ request: Request, _ context: AppRequestContext) async throws -> Response {
        let identity = try context.requireIdentity()
        try identity.require(.exportReports)
        let period = try analytics.period(query: { request.uri.queryParameters.get($0) }, company: identity.company)
        let report = try await analytics.overview(identity.company, period: period)
        try await audit(identity, context, target: nil, ["report": "overview", "format": format.rawValue, "from": period.from.description, "to": period.to.description])
        let url =
            switch format {
            case .xlsx: try await ReportWorkbooks(database: database, localizer: localizer, language: context.language).overview(report)
            case .pdf: try await ReportDocuments(database: database, localizer: localizer, language: context.language).overview(report)
            }
        return TemporaryFileResponse.make(url, contentType: format.contentType, filename: "overview-\(period.from)-\(period.to).\(format.rawValue)")
    }

    /// The report of the campaign in the path (another company's is a 404), audited before it is written.
    func campaign(_ format: Format, _ context: AppRequestContext) async throws -> Response {
        let identity = try context.requireIdentity()
        try identity.require(.exportReports)
        let report = try await report(identity, context)
        try await audit(identity, context, target: report.campaign.id, ["report": "campaign", "format": format.rawValue])
        let url =
            switch format {
            case .xlsx: try await ReportWorkbooks(database: database, localizer: localizer, language: context.language).campaign(report)
            case .pdf: try await ReportDocuments(database: database, localizer: localizer, language: context.language).campaign(report)
            }
        return TemporaryFileResponse.make(url, contentType: format.contentType, filename: "campaign-report.\(format.rawValue)")
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
