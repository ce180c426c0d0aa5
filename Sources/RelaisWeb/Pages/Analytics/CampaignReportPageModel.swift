import Foundation
import Mustache
import RelaisCore
import RelaisStore

/// `/campaigns/{id}/report`: one campaign's figures over all its runs or one of them, the A/B comparison with its
/// confidence, the timeline of sends and reads, the failures with Meta's codes explained, and the recipients filtered
/// by status (paged by cursor, as the recipients API).
struct CampaignReportPageModel {
    struct RunOption {
        let value: String
        let label: String
        let selected: Bool
    }
    /// Named to Mustache directly, as the dashboard's (see `ChartView`).
    struct Charts: MustacheParent {
        let funnel: ChartView
        let timeline: ChartView
        let failures: ChartView

        func child(named name: String) -> Any? {
            switch name {
            case "funnel": funnel
            case "timeline": timeline
            case "failures": failures
            default: nil
            }
        }
    }
    struct Exports {
        let xlsx: String
        let pdf: String
    }

    let id: String
    let name: String
    let campaignHref: String
    let reportHref: String
    let runs: [RunOption]
    let hasRuns: Bool
    let figures: [FigureCard]
    let empty: Bool
    let charts: Charts
    let variants: CampaignVariantsModel?
    let failures: [DashboardPageModel.FailureLine]
    let hasFailures: Bool
    let recipients: RecipientListModel
    let exports: Exports?

    init(
        _ report: CampaignReport, run: UUID?, recipients: RecipientListModel, canExport: Bool, localizer: Localizer, language: Language,
        fragments: inout PageFragments
    ) {
        let campaign = report.campaign
        let formats = AnalyticsFormats(language: language)
        let dates = DateFormats(language: language, timezone: report.company.timezone)
        id = campaign.id.uuidString.lowercased()
        name = campaign.name
        campaignHref = PagePath.campaign(campaign.id)
        reportHref = PagePath.campaign(campaign.id, "report")
        let all = RunOption(value: "", label: localizer.text("report.all_runs", language), selected: run == nil)
        runs =
            report.runs.count < 2
            ? []
            : [all]
                + report.runs.sorted { $0.occurrence < $1.occurrence }.map {
                    RunOption(
                        value: $0.id.uuidString.lowercased(),
                        label: localizer.text("report.run_label", language, ["number": formats.integer($0.occurrence + 1), "date": dates.dateTime($0.startedAt)]),
                        selected: $0.id == run)
                }
        hasRuns = !runs.isEmpty
        let figures = report.figures
        self.figures = FigureCard.cards(
            figures.totals, previous: nil, cost: (figures.estimatedCost(report.rates), nil), currency: report.rates.currency, localizer: localizer,
            formats: formats)
        empty = figures.totals.messages == 0
        let format = formats.chart(localizer)
        let build = AnalyticsCharts(localizer: localizer, formats: formats)
        charts = Charts(
            funnel: ChartView(build.funnel(figures.totals), id: "report-funnel", format: format, fragments: &fragments, width: 420, height: 240),
            timeline: ChartView(build.timeline(figures, days: report.days), id: "report-timeline", format: format, fragments: &fragments, width: 420, height: 260),
            failures: ChartView(build.failures(figures), id: "report-failures", format: format, fragments: &fragments, width: 420, height: 260))
        variants = CampaignVariantsModel(report, localizer: localizer, formats: formats)
        failures = DashboardPageModel.failureLines(figures, formats: formats, localizer: localizer)
        hasFailures = !failures.isEmpty
        self.recipients = recipients
        let query = run.map { "?run=\($0.uuidString.lowercased())" } ?? ""
        exports =
            canExport
            ? Exports(xlsx: "/api/v1/campaigns/\(id)/report.xlsx" + query, pdf: PagePath.campaign(campaign.id, "report.pdf") + query) : nil
    }
}
