import Foundation
import Mustache
import RelaisCore
import RelaisStore

/// The tenant home page: the period's figures first (totals and changes, charts with their tables, top campaigns,
/// failure reasons, numbers' health), and the getting-started checklist while the company has never sent anything.
struct DashboardPageModel {
    /// Named to Mustache directly: every lookup inside a chart's table passes through it (see `ChartView`).
    struct Charts: MustacheParent {
        let perDay: ChartView
        let funnel: ChartView
        let heat: ChartView
        let failures: ChartView
        let optOuts: ChartView

        func child(named name: String) -> Any? {
            switch name {
            case "perDay": perDay
            case "funnel": funnel
            case "heat": heat
            case "failures": failures
            case "optOuts": optOuts
            default: nil
            }
        }
    }
    struct CampaignLine {
        let name: String
        let href: String
        let sent: String
        let deliveryRate: String
        let readRate: String
        let failed: String
    }
    struct FailureLine {
        let code: String
        let count: String
        let meaning: String
    }
    struct NumberLine {
        let phone: String
        let name: String
        let quality: String
        let qualityCSS: String
        let tier: String
        let usage: String
        let recipients: String
    }
    struct Exports {
        let xlsx: String
        let pdf: String
    }

    let firstName: String
    let showChecklist: Bool
    let form: PeriodFormModel
    /// Empty when the period was refused: the page then shows the form and its message only.
    let figures: [FigureCard]
    let showFigures: Bool
    let empty: Bool
    let charts: Charts?
    let campaigns: [CampaignLine]
    let failures: [FailureLine]
    let numbers: [NumberLine]
    let exports: Exports?
    /// Templates test sections on booleans: an empty list's emptiness is not one.
    let hasCampaigns: Bool
    let hasFailures: Bool
    let hasNumbers: Bool

    init(
        firstName: String, report: OverviewReport?, everSent: Bool, form: PeriodFormModel, canExport: Bool, localizer: Localizer,
        language: Language, fragments: inout PageFragments
    ) {
        self.firstName = firstName
        self.showChecklist = !everSent
        self.form = form
        guard let report else {
            (figures, showFigures, empty, charts, campaigns, failures, numbers, exports) = ([], false, true, nil, [], [], [], nil)
            (hasCampaigns, hasFailures, hasNumbers) = (false, false, false)
            return
        }
        let formats = AnalyticsFormats(language: language)
        let figures = report.figures
        self.figures = FigureCard.cards(
            figures.totals, previous: report.previous.totals,
            cost: (figures.estimatedCost(report.rates), report.previous.estimatedCost(report.rates)), currency: report.rates.currency,
            localizer: localizer, formats: formats)
        showFigures = true
        empty = figures.totals.messages == 0 && figures.totals.optedOut == 0
        let format = formats.chart(localizer)
        let build = AnalyticsCharts(localizer: localizer, formats: formats)
        let days = AnalyticsCharts.chartDays(report.period.days, figures: figures)
        charts = Charts(
            perDay: ChartView(build.perDay(figures, days: days), id: "chart-per-day", format: format, fragments: &fragments),
            funnel: ChartView(build.funnel(figures.totals), id: "chart-funnel", format: format, fragments: &fragments, width: 420, height: 240),
            heat: ChartView(build.heatMap(figures), id: "chart-heat", format: format, fragments: &fragments, width: 420, height: 260),
            failures: ChartView(build.failures(figures), id: "chart-failures", format: format, fragments: &fragments, width: 420, height: 260),
            optOuts: ChartView(build.optOuts(figures, days: days), id: "chart-opt-outs", format: format, fragments: &fragments, width: 420, height: 260))
        campaigns = figures.topCampaigns(limit: 10).map {
            CampaignLine(
                name: report.name(of: $0.campaign), href: PagePath.campaign($0.campaign, "report"), sent: formats.integer($0.totals.sent),
                deliveryRate: formats.percent($0.totals.deliveryRate), readRate: formats.percent($0.totals.readRate), failed: formats.integer($0.totals.failed))
        }
        failures = Self.failureLines(figures, formats: formats, localizer: localizer)
        numbers = report.numbers.map { health in
            NumberLine(
                phone: health.number.displayPhoneNumber, name: health.number.verifiedName,
                quality: localizer.text("dashboard.quality.\(Self.quality(health.number.qualityRating))", language),
                qualityCSS: Self.quality(health.number.qualityRating), tier: health.tierLimit.map(formats.integer) ?? localizer.text("dashboard.tier_unlimited", language),
                usage: formats.percent(health.tierUsage), recipients: formats.integer(health.recipientsLastDay))
        }
        exports =
            canExport
            ? Exports(xlsx: "/api/v1/reports/overview.xlsx?" + form.query, pdf: PagePath.reports.rawValue + "/overview.pdf?" + form.query) : nil
        (hasCampaigns, hasFailures, hasNumbers) = (!campaigns.isEmpty, !failures.isEmpty, !numbers.isEmpty)
    }

    /// Failure reasons with Meta's code explained in the user's language.
    static func failureLines(_ figures: DeliveryFigures, formats: AnalyticsFormats, localizer: Localizer) -> [FailureLine] {
        figures.failureReasons.map {
            FailureLine(
                code: $0.code == 0 ? AnalyticsFormats.none : String($0.code), count: formats.integer($0.count),
                meaning: MetaErrorText.text($0.code, localizer, formats.language))
        }
    }

    /// Meta's quality rating (GREEN, YELLOW, RED, or the older HIGH, MEDIUM, LOW) as a catalogue key and CSS suffix.
    static func quality(_ rating: String) -> String {
        switch rating.uppercased() {
        case "GREEN", "HIGH": "green"
        case "YELLOW", "MEDIUM": "yellow"
        case "RED", "LOW": "red"
        default: "unknown"
        }
    }
}
