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

    var exports: ReportExports { ReportExports(database: database, analytics: analytics, localizer: localizer) }

    func register(_ api: APIRegistrar) {
        api.on(.reportsOverview) { request, context in
            let identity = try context.requireIdentity()
            try identity.require(.viewReports)
            let period = try analytics.period(query: { request.uri.queryParameters.get($0) }, company: identity.company)
            return try JSONResponse.make(OverviewPayload(try await analytics.overview(identity.company, period: period)))
        }
        api.on(.reportsOverviewXLSX) { request, context in try await exports.overview(.xlsx, request, context) }
        api.on(.reportsOverviewPDF) { request, context in try await exports.overview(.pdf, request, context) }
        api.on(.campaignReport) { _, context in
            let identity = try context.requireIdentity()
            try identity.require(.viewReports)
            return try JSONResponse.make(CampaignReportPayload(try await exports.report(identity, context)))
        }
        api.on(.campaignReportXLSX) { _, context in try await exports.campaign(.xlsx, context) }
        api.on(.campaignReportPDF) { _, context in try await exports.campaign(.pdf, context) }
        api.on(.campaignRecipients) { request, context in
            let identity = try context.requireIdentity()
            try identity.require(.viewReports)
            let id = try ListQuery.pathID(context)
            let limit = try ListQuery.limit(request)
            let after = try ListQuery.uuid("after", request)
            let run = try ListQuery.uuid("run", request)
            let statuses = try Self.statuses(request.uri.queryParameters.get("status"))
            let page = try await database.withTenant(identity.tenant) { connection -> [CampaignRecipient]? in
                guard try await connection.campaign(id) != nil else { return nil }
                return try await connection.campaignRecipients(campaign: id, run: run, statuses: statuses, after: after, limit: limit + 1)
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
}
