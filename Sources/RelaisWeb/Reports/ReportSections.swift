import RelaisCore
import RelaisReports

/// The blocks the overview and campaign PDFs share: key figures, the three charts, the per-day and failures tables.
struct ReportSections {
    let format: ReportFormat
    let writer: PDFReportWriter

    /// Figures, charts, per-day table and failures, in that order.
    func all(_ figures: DeliveryFigures, days: [LocalDay], rates: CostRates) throws {
        try keyFigures(figures, rates: rates)
        try charts(figures, days: days)
        try perDay(figures, days: days)
        try failures(figures)
    }

    func keyFigures(_ figures: DeliveryFigures, rates: CostRates) throws {
        let f = format
        let totals = figures.totals
        try writer.keyFigures([
            (f.label("messages"), f.number(totals.messages)), (f.label("sent"), f.number(totals.sent)),
            (f.label("delivered"), f.number(totals.delivered)), (f.label("read"), f.number(totals.read)),
            (f.label("failed"), f.number(totals.failed)), (f.label("delivery_rate"), f.percent(totals.deliveryRate)),
            (f.label("read_rate"), f.percent(totals.readRate)),
            (f.label("estimated_cost"), f.money(figures.estimatedCost(rates), currency: rates.currency)),
        ])
    }

    /// Messages per day stacked by final status, the delivery funnel and the failure reasons donut.
    func charts(_ figures: DeliveryFigures, days: [LocalDay]) throws {
        let f = format
        let width = 499.0
        let stacks: [(MessageStatusPaint, String, (DeliveryTotals) -> Int)] = [
            (.read, f.label("read"), { $0.read }), (.delivered, f.label("delivered"), { $0.delivered - $0.read }),
            (.sent, f.label("sent"), { $0.sent - $0.delivered }), (.failed, f.label("failed"), { $0.failed }),
            (.queued, f.label("pending"), { $0.pending }), (.skipped, f.label("skipped"), { $0.skipped }),
        ]
        let perDay = StackedBarChart(
            title: f.t("chart_per_day"), summary: "", categories: days.map(f.day),
            series: stacks.map { paint, name, value in
                ChartSeries(name: name, paint: .status(paint), values: days.map { Double(value(figures.byDay[$0] ?? DeliveryTotals())) })
            })
        try writer.heading(f.t("chart_per_day"))
        try writer.chart(perDay.drawing(width: width, height: 220, format: f.chart), height: 220)
        let totals = figures.totals
        let funnel = FunnelChart(
            title: f.t("chart_funnel"), summary: "",
            steps: [
                (f.label("messages"), Double(totals.messages), .series(0)), (f.label("sent"), Double(totals.sent), .status(.sent)),
                (f.label("delivered"), Double(totals.delivered), .status(.delivered)), (f.label("read"), Double(totals.read), .status(.read)),
                (f.label("replied"), Double(totals.replied), .status(.replied)),
            ])
        try writer.heading(f.t("chart_funnel"))
        try writer.chart(funnel.drawing(width: width, height: 180, format: f.chart), height: 180)
        let donut = DonutChart(
            title: f.t("chart_failures"), summary: "",
            slices: figures.failureReasons.enumerated().map { index, reason in
                (reason.code == 0 ? f.t("no_code") : String(reason.code), Double(reason.count), .series(index))
            })
        try writer.heading(f.t("chart_failures"))
        try writer.chart(donut.drawing(width: width, height: 200, format: f.chart), height: 200)
    }

    func perDay(_ figures: DeliveryFigures, days: [LocalDay]) throws {
        let f = format
        try writer.heading(f.label("per_day"))
        try writer.table(
            columns: [PDFColumn(title: f.label("day"), width: 1)] + Self.countColumns(f),
            rows: days.lazy.map { [f.day($0)] + Self.counts(figures.byDay[$0] ?? DeliveryTotals(), f) })
    }

    /// Meta's codes, how many, and what each means in the reader's language.
    func failures(_ figures: DeliveryFigures) throws {
        let f = format
        try writer.heading(f.label("failures"))
        let reasons = figures.failureReasons
        guard !reasons.isEmpty else { return try writer.paragraph(f.t("no_failures")) }
        try writer.table(
            columns: [
                PDFColumn(title: f.t("code"), width: 50), PDFColumn(title: f.label("count"), width: 50, alignment: .end),
                PDFColumn(title: f.label("meaning"), width: 1),
            ],
            rows: reasons.map { [$0.code == 0 ? "—" : String($0.code), f.number($0.count), MetaErrorText.text($0.code, f.localizer, f.language)] })
    }

    /// Messages, sent, delivered, read, failed, delivery and read rates: the columns of every totals table.
    static func countColumns(_ f: ReportFormat) -> [PDFColumn] {
        ["messages", "sent", "delivered", "read", "failed"].map { PDFColumn(title: f.label($0), width: 50, alignment: .end) }
            + ["col_delivery_rate", "col_read_rate"].map { PDFColumn(title: f.t($0), width: 54, alignment: .end) }
    }

    static func counts(_ totals: DeliveryTotals, _ f: ReportFormat) -> [String] {
        [f.number(totals.messages), f.number(totals.sent), f.number(totals.delivered), f.number(totals.read), f.number(totals.failed),
         f.percent(totals.deliveryRate), f.percent(totals.readRate)]
    }
}
