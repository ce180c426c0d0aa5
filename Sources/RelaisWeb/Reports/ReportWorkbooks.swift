import Foundation
import NIOPosix
import RelaisCore
import RelaisReports
import RelaisStore

/// Writes the overview and campaign reports as Excel workbooks: a summary sheet (styled header, counts, percentages,
/// the estimated cost with two decimals), a per-day sheet and, for a campaign, a per-recipient sheet filled a page
/// of 2,000 messages at a time from the database while the writer streams rows to disk.
struct ReportWorkbooks {
    let database: Database
    let localizer: Localizer
    let language: Language

    private func t(_ key: String) -> String { localizer.text("analytics.xlsx.\(key)", language) }

    private var totalsColumns: [XLSXColumn] {
        ["messages", "pending", "sent", "delivered", "read", "failed", "skipped", "replied", "opted_out", "delivery_rate", "read_rate", "reply_rate"]
            .map { XLSXColumn(t($0), width: 13) }
    }

    private func totalsCells(_ totals: DeliveryTotals) -> [XLSXCell] {
        func rate(_ value: Double?) -> XLSXCell { value.map(XLSXCell.percent) ?? .empty }
        return [
            .integer(totals.messages), .integer(totals.pending), .integer(totals.sent), .integer(totals.delivered), .integer(totals.read),
            .integer(totals.failed), .integer(totals.skipped), .integer(totals.replied), .integer(totals.optedOut), rate(totals.deliveryRate),
            rate(totals.readRate), rate(totals.replyRate),
        ]
    }

    /// The overview of a period, written to a temporary file whose URL is returned.
    func overview(_ report: OverviewReport) async throws -> URL {
        let url = TemporaryFileResponse.url(extension: "xlsx")
        try await NIOThreadPool.singleton.runIfActive {
            let writer = try XLSXWriter(url: url, timeZone: report.timeZone)
            let summary = try writer.addSheet(name: t("summary"), columns: [XLSXColumn(t("figure"), width: 34)] + [XLSXColumn(t("value"), width: 40)])
            try summary.append([.text(t("company")), .text(report.company.name)])
            try summary.append([.text(t("period")), .text("\(report.period.from) – \(report.period.to)")])
            try summary.append([.text(t("previous_period")), .text("\(report.period.previous.from) – \(report.period.previous.to)")])
            try summary.append([.text(t("generated")), .dateTime(report.generatedAt)])
            try summary.append([.text(t("estimated_cost") + " (\(report.rates.currency))"), .decimal(report.figures.estimatedCost(report.rates))])
            let figures = try writer.addSheet(name: t("totals"), columns: [XLSXColumn(t("period"), width: 16)] + totalsColumns)
            try figures.append([.text(t("current"))] + totalsCells(report.figures.totals))
            try figures.append([.text(t("previous"))] + totalsCells(report.previous.totals))
            let days = try writer.addSheet(name: t("per_day"), columns: [XLSXColumn(t("day"), width: 14)] + totalsColumns)
            for day in report.period.dayCount <= 366 ? report.period.days : report.figures.byDay.keys.sorted() {
                try days.append([.date(day.start(in: report.timeZone))] + totalsCells(report.figures.byDay[day] ?? DeliveryTotals()))
            }
            let campaigns = try writer.addSheet(name: t("campaigns"), columns: [XLSXColumn(t("campaign"), width: 40)] + totalsColumns)
            for (id, totals) in report.figures.topCampaigns(limit: 10_000) { try campaigns.append([.text(report.name(of: id))] + totalsCells(totals)) }
            try failures(report.figures, writer)
            try writer.finish()
        }
        return url
    }

    /// One campaign's report, with every recipient, written to a temporary file whose URL is returned.
    func campaign(_ report: CampaignReport) async throws -> URL {
        let url = TemporaryFileResponse.url(extension: "xlsx")
        let box = WriterBox(try XLSXWriter(url: url, timeZone: report.timeZone))
        try await NIOThreadPool.singleton.runIfActive {
            let writer = box.writer
            let summary = try writer.addSheet(name: t("summary"), columns: [XLSXColumn(t("figure"), width: 34), XLSXColumn(t("value"), width: 40)])
            try summary.append([.text(t("company")), .text(report.company.name)])
            try summary.append([.text(t("campaign")), .text(report.campaign.name)])
            try summary.append([.text(t("generated")), .dateTime(report.generatedAt)])
            try summary.append([.text(t("estimated_cost") + " (\(report.rates.currency))"), .decimal(report.figures.estimatedCost(report.rates))])
            let totals = try writer.addSheet(name: t("totals"), columns: [XLSXColumn(t("run"), width: 16)] + totalsColumns)
            try totals.append([.text(t("all_runs"))] + totalsCells(report.figures.totals))
            for run in report.runs.sorted(by: { $0.occurrence < $1.occurrence }) {
                try totals.append([.text("#\(run.occurrence + 1)")] + totalsCells(report.figures.byRun[run.id] ?? DeliveryTotals()))
            }
            for (variant, figures) in report.variants { try totals.append([.text("\(t("variant")) \(variant)")] + totalsCells(figures)) }
            let days = try writer.addSheet(name: t("per_day"), columns: [XLSXColumn(t("day"), width: 14)] + totalsColumns)
            for day in report.days { try days.append([.date(day.start(in: report.timeZone))] + totalsCells(report.figures.byDay[day] ?? DeliveryTotals())) }
            try failures(report.figures, writer)
            box.recipients = try writer.addSheet(
                name: t("recipients"),
                columns: ["phone", "name", "run", "variant", "status", "sent_at", "delivered_at", "read_at", "failed_at", "replied_at", "opted_out_at",
                    "error_code", "error"].map { XLSXColumn(t($0), width: $0.hasSuffix("_at") ? 19 : 16) })
        }
        let words = ReportFormat.statusWords(localizer, language)
        try await database.withTenant(report.company.id) { connection in
            try await connection.forEachRecipientPage(campaign: report.campaign.id) { page in
                try await NIOThreadPool.singleton.runIfActive { try box.append(page, statusText: { words[$0] ?? $0.rawValue }) }
            }
        }
        try await NIOThreadPool.singleton.runIfActive { try box.writer.finish() }
        return url
    }

    private func failures(_ figures: DeliveryFigures, _ writer: XLSXWriter) throws {
        let sheet = try writer.addSheet(
            name: t("failures"), columns: [XLSXColumn(t("error_code"), width: 12), XLSXColumn(t("count"), width: 10), XLSXColumn(t("meaning"), width: 70)])
        for (code, count) in figures.failureReasons {
            try sheet.append([code == 0 ? .empty : .integer(code), .integer(count), .text(MetaErrorText.text(code, localizer, language))])
        }
    }
}

/// The workbook and its recipients sheet, handed between the thread pool's tasks (one uses it at a time).
private final class WriterBox: @unchecked Sendable {
    let writer: XLSXWriter
    var recipients: XLSXSheetWriter?

    init(_ writer: XLSXWriter) { self.writer = writer }

    func append(_ page: [CampaignRecipient], statusText: (MessageStatus) -> String) throws {
        guard let recipients else { return }
        func time(_ date: Date?) -> XLSXCell { date.map(XLSXCell.dateTime) ?? .empty }
        for recipient in page {
            try recipients.append([
                .text(recipient.phone), .text(recipient.contactName ?? ""), .integer(recipient.occurrence + 1), .integer(recipient.variant),
                .text(statusText(recipient.status)), time(recipient.sentAt), time(recipient.deliveredAt), time(recipient.readAt), time(recipient.failedAt),
                time(recipient.repliedAt), time(recipient.optedOutAt), recipient.errorCode.map(XLSXCell.integer) ?? .empty,
                .text(recipient.errorTitle ?? ""),
            ])
        }
    }
}
