import Foundation
import RelaisCore
import RelaisStore

/// The figures of a company over a period (the dashboard, `/api/v1/reports/overview` and its exports), with the
/// previous period of the same length for the changes, and its numbers' quality and tier usage.
struct OverviewReport: Sendable {
    /// A WhatsApp number's health: quality rating and how much of its messaging tier the last 24 hours used.
    struct NumberHealth: Sendable {
        let number: ConnectedNumber
        let recipientsLastDay: Int
        /// Unique recipients per 24 h the tier allows; nil when unlimited.
        let tierLimit: Int?

        var tierUsage: Double? { tierLimit.flatMap { $0 > 0 ? Double(recipientsLastDay) / Double($0) : nil } }
    }

    let company: Company
    let period: ReportPeriod
    let figures: DeliveryFigures
    let previous: DeliveryFigures
    let campaignNames: [UUID: String]
    let numbers: [NumberHealth]
    let generatedAt: Date
    let rates: CostRates

    var timeZone: TimeZone { TimeZone(identifier: company.timezone) ?? .gmt }

    /// The name of a campaign of the period (a deleted one keeps its figures under a placeholder).
    func name(of campaign: UUID) -> String { campaignNames[campaign] ?? "—" }
}

/// One campaign's report (the report page, `/api/v1/campaigns/{id}/report` and its exports): all its runs' figures.
struct CampaignReport: Sendable {
    let company: Company
    let campaign: CampaignRecord
    let runs: [CampaignRun]
    let figures: DeliveryFigures
    let generatedAt: Date
    let rates: CostRates

    var timeZone: TimeZone { TimeZone(identifier: company.timezone) ?? .gmt }

    /// Per variant (1…n) of an A/B campaign: its totals and the read-rate comparison with the leader; empty without a test.
    var variants: [(variant: Int, totals: DeliveryTotals)] {
        figures.byVariant.filter { $0.key > 0 }.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
    }

    /// The A/B decision the figures support today (read rate among delivered messages, 95 %).
    var variantDecision: ABDecision? {
        let variants = variants
        guard variants.count >= 2 else { return nil }
        return ABTest.decide(
            variants.map { ABVariantResult(trials: $0.totals.delivered, successes: $0.totals.read) }, confidence: 0.95, fallback: .highestRate)
    }

    /// The campaign's days, first to last sending day (empty for a campaign that sent nothing).
    var days: [LocalDay] {
        guard let first = figures.byDay.keys.min(), let last = figures.byDay.keys.max() else { return [] }
        return (first.ordinal...last.ordinal).map(LocalDay.init(ordinal:))
    }
}
