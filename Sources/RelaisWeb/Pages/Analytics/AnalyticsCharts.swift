import Foundation
import RelaisCore
import RelaisReports

/// The charts the dashboard and the campaign report share, built from `DeliveryFigures` with their words from the
/// catalogue; `ChartView` then renders them. Statuses keep their fixed colours (UI.md) through `MessageStatusPaint`.
struct AnalyticsCharts {
    let localizer: Localizer
    let formats: AnalyticsFormats

    private var language: Language { formats.language }
    private func text(_ key: String, _ values: [String: String] = [:]) -> String { localizer.text(key, language, values) }

    /// The days a per-day chart shows: every day up to a year, only days with messages beyond (a 10-year period would
    /// otherwise draw 3,660 empty bars), as the API lists them.
    static func chartDays(_ period: [LocalDay], figures: DeliveryFigures) -> [LocalDay] {
        period.count <= 366 ? period : figures.byDay.keys.sorted()
    }

    /// Messages per day stacked by final status (a read message counts once, as read).
    func perDay(_ figures: DeliveryFigures, days: [LocalDay]) -> StackedBarChart {
        let withYear = days.first?.year != days.last?.year
        let totals = days.map { figures.byDay[$0] ?? DeliveryTotals() }
        let parts: [(String, MessageStatusPaint, (DeliveryTotals) -> Int)] = [
            ("read", .read, { $0.read }), ("delivered", .delivered, { $0.delivered - $0.read }), ("sent", .sent, { $0.sent - $0.delivered }),
            ("failed", .failed, { $0.failed }), ("pending", .queued, { $0.pending }), ("skipped", .skipped, { $0.skipped }),
        ]
        let series = parts.map { key, paint, value in
            ChartSeries(name: text("analytics.status.\(key)"), paint: .status(paint), values: totals.map { Double(value($0)) })
        }
        let sum = totals.reduce(0) { $0 + $1.messages }
        return StackedBarChart(
            title: text("analytics.chart.per_day"), summary: text("analytics.chart.per_day_summary", ["count": formats.integer(sum), "days": formats.integer(days.count)]),
            categories: days.map { formats.day($0, withYear: withYear) }, series: sum == 0 ? [] : series, categoryLabel: text("analytics.xlsx.day"))
    }

    /// Sent → delivered → read → replied.
    func funnel(_ totals: DeliveryTotals) -> FunnelChart {
        let steps: [(label: String, value: Double, paint: Paint)] =
            totals.sent == 0
            ? []
            : [
                (text("analytics.status.sent"), Double(totals.sent), .status(.sent)),
                (text("analytics.status.delivered"), Double(totals.delivered), .status(.delivered)),
                (text("analytics.status.read"), Double(totals.read), .status(.read)),
                (text("analytics.status.replied"), Double(totals.replied), .status(.replied)),
            ]
        return FunnelChart(
            title: text("analytics.chart.funnel"),
            summary: text("analytics.chart.funnel_summary", ["read": formats.percent(totals.readRate), "delivered": formats.percent(totals.deliveryRate)]),
            steps: steps)
    }

    /// Read rate by weekday (rows, Monday first) and hour of sending (columns), in the company's time zone.
    func heatMap(_ figures: DeliveryFigures) -> HeatMapChart {
        let values: [[Double?]] = (1...7).map { weekday in (0..<24).map { figures.readRate(isoWeekday: weekday, hour: $0) } }
        return HeatMapChart(
            title: text("analytics.chart.heat"), summary: text("analytics.chart.heat_summary"),
            rows: (1...7).map { text("analytics.weekday.\($0)") }, columns: (0..<24).map { String($0) }, values: values, valueIsPercent: true)
    }

    /// Failures by Meta code: the six most frequent, the rest as "other".
    func failures(_ figures: DeliveryFigures) -> DonutChart {
        let reasons = figures.failureReasons
        var slices: [(label: String, value: Double, paint: Paint)] = reasons.prefix(6).enumerated().map { index, reason in
            (reason.code == 0 ? text("analytics.meta.none") : String(reason.code), Double(reason.count), .series(index))
        }
        let rest = reasons.dropFirst(6).reduce(0) { $0 + $1.count }
        if rest > 0 { slices.append((text("analytics.failure.other"), Double(rest), .series(6))) }
        return DonutChart(
            title: text("analytics.chart.failures"), summary: text("analytics.chart.failures_summary", ["count": formats.integer(figures.totals.failed)]),
            slices: slices)
    }

    /// Opt-outs per day.
    func optOuts(_ figures: DeliveryFigures, days: [LocalDay]) -> LineChart {
        let withYear = days.first?.year != days.last?.year
        let values = days.map { Double(figures.byDay[$0]?.optedOut ?? 0) }
        let total = values.reduce(0, +)
        return LineChart(
            title: text("analytics.chart.opt_outs"), summary: text("analytics.chart.opt_outs_summary", ["count": formats.number(total)]),
            categories: days.map { formats.day($0, withYear: withYear) },
            series: total == 0 ? [] : [ChartSeries(name: text("analytics.status.opted_out"), paint: .status(.optedOut), values: values)],
            categoryLabel: text("analytics.xlsx.day"))
    }

    /// Sends and reads over time: per hour when everything happened on one day, per day otherwise.
    func timeline(_ figures: DeliveryFigures, days: [LocalDay]) -> LineChart {
        let perHour = days.count == 1
        let cells: [DeliveryTotals] =
            perHour ? (0..<24).map { figures.heat[(days[0].isoWeekday - 1) * 24 + $0] } : days.map { figures.byDay[$0] ?? DeliveryTotals() }
        let categories = perHour ? (0..<24).map { "\($0) h" } : days.map { formats.day($0, withYear: days.first?.year != days.last?.year) }
        let series =
            figures.totals.sent == 0
            ? []
            : [
                ChartSeries(name: text("analytics.status.sent"), paint: .status(.sent), values: cells.map { Double($0.sent) }),
                ChartSeries(name: text("analytics.status.read"), paint: .status(.read), values: cells.map { Double($0.read) }),
            ]
        return LineChart(
            title: text(perHour ? "report.chart.timeline_hour" : "report.chart.timeline_day"), summary: text("report.chart.timeline_summary"),
            categories: categories, series: series, categoryLabel: text(perHour ? "report.hour" : "analytics.xlsx.day"))
    }
}
