import Foundation
import RelaisCore
import RelaisStore
import WhatsAppCloud

/// Builds the overview and campaign reports from the rollup: a handful of indexed reads in one tenant transaction,
/// never a scan of the company's messages. Used by the pages, the API, the exports and the weekly report service.
struct AnalyticsService: Sendable {
    let database: Database
    var rates = CostRates()
    var now: @Sendable () -> Date = { Date() }
    var recentRecipients = RecentRecipientsCache()

    /// Today in the company's time zone (presets end today).
    func today(for company: Company) -> LocalDay {
        LocalDay(now(), in: TimeZone(identifier: company.timezone) ?? .gmt)
    }

    /// Reads `?period=`/`?from=`/`?to=` against the company's today; a bad period is a 422 naming the field.
    func period(query: (String) -> String?, company: Company) throws -> ReportPeriod {
        do {
            return try ReportPeriod.read(period: query("period"), from: query("from"), to: query("to"), today: today(for: company))
        } catch {
            throw Problem.validation([Self.issue(error)])
        }
    }

    /// The validation issue of a refused period (its code is the catalogue key of the message shown).
    static func issue(_ problem: ReportPeriod.Problem) -> ValidationIssue {
        switch problem {
        case .invalidDate(let field): ValidationIssue(field: field, code: "analytics.error.date")
        case .inverted: ValidationIssue(field: "to", code: "analytics.error.inverted")
        case .tooLong: ValidationIssue(field: "from", code: "analytics.error.too_long")
        case .unknownPreset: ValidationIssue(field: "period", code: "analytics.error.preset")
        }
    }

    /// The company's figures over `period` and the one before it.
    func overview(_ company: Company, period: ReportPeriod) async throws -> OverviewReport {
        let previous = period.previous
        return try await database.withTenant(company.id) { connection in
            let buckets = try await connection.statBuckets(from: previous.from, to: period.to)
            let current = buckets.filter { $0.day >= period.from }
            let figures = DeliveryFigures(buckets: current)
            let earlier = DeliveryFigures(buckets: buckets.filter { $0.day < period.from })
            let names = try await connection.campaignNames(Array(figures.byCampaign.keys))
            var health: [OverviewReport.NumberHealth] = []
            for number in try await connection.numbers() {
                health.append(
                    OverviewReport.NumberHealth(
                        number: number,
                        recipientsLastDay: try await recentRecipients.count(number: number.id) {
                            try await connection.recipientsLastDay(number: number.id)
                        },
                        tierLimit: MessagingTier.limit(number.tier)))
            }
            return OverviewReport(
                company: company, period: period, figures: figures, previous: earlier, campaignNames: names, numbers: health, generatedAt: now(),
                rates: rates)
        }
    }

    /// One campaign's report over all its runs (or over `run` only), or nil when it is not the company's (a 404 for the caller).
    func campaignReport(_ company: Company, campaign id: UUID, run: UUID? = nil) async throws -> CampaignReport? {
        try await database.withTenant(company.id) { connection in
            guard let campaign = try await connection.campaign(id) else { return nil }
            let runs = try await connection.runs(campaign: id, limit: 500)
            let buckets = try await connection.statBuckets(from: nil, to: nil, campaign: id).filter { run == nil || $0.runID == run }
            return CampaignReport(
                company: company, campaign: campaign, runs: runs, figures: DeliveryFigures(buckets: buckets), generatedAt: now(), rates: rates)
        }
    }
}
