import Foundation
import NIOPosix
import RelaisCore
import RelaisReports
import RelaisStore

/// Writes the overview and campaign reports as PDF: title, company, period and generation time in the company's
/// time zone, key figures, the three charts as vectors, then tables that break across pages. A campaign's
/// recipients are read 2,000 at a time from the database while the writer streams pages to disk, so memory stays
/// flat whatever the campaign's size. Blocking file work runs on the thread pool.
struct ReportDocuments {
    let database: Database
    let localizer: Localizer
    let language: Language

    private func format(_ company: Company) -> ReportFormat {
        ReportFormat(localizer: localizer, language: language, timezone: company.timezone)
    }

    /// The overview of a period, written to `url` (a temporary file by default), which is returned.
    func overview(_ report: OverviewReport, to url: URL = TemporaryFileResponse.url(extension: "pdf")) async throws -> URL {
        let f = format(report.company)
        try await NIOThreadPool.singleton.runIfActive {
            let writer = try PDFReportWriter(
                url: url, title: f.t("overview_title"), company: report.company.name, generatedAt: f.generated(report.generatedAt))
            try writer.paragraph(
                f.t("period_line", ["period": f.period(report.period.from, report.period.to),
                    "previous": f.period(report.period.previous.from, report.period.previous.to)]))
            let days = report.period.dayCount <= 366 ? report.period.days : report.figures.byDay.keys.sorted()
            try ReportSections(format: f, writer: writer).all(report.figures, days: days, rates: report.rates)
            if !report.figures.byCampaign.isEmpty {
                try writer.heading(f.t("campaigns"))
                try writer.table(
                    columns: [PDFColumn(title: f.label("campaign"), width: 1)] + ReportSections.countColumns(f),
                    rows: report.figures.topCampaigns(limit: 10_000).lazy.map { [report.name(of: $0.campaign)] + ReportSections.counts($0.totals, f) })
            }
            try writer.finish()
        }
        return url
    }

    /// One campaign's report, with every recipient, written to a temporary file whose URL is returned.
    func campaign(_ report: CampaignReport) async throws -> URL {
        let url = TemporaryFileResponse.url(extension: "pdf")
        let f = format(report.company)
        let box = PDFWriterBox()
        try await NIOThreadPool.singleton.runIfActive {
            let writer = try PDFReportWriter(
                url: url, title: f.t("campaign_title", ["name": report.campaign.name]), company: report.company.name,
                generatedAt: f.generated(report.generatedAt))
            box.writer = writer
            if let first = report.days.first, let last = report.days.last { try writer.paragraph(f.t("sent_line", ["period": f.period(first, last)])) }
            let sections = ReportSections(format: f, writer: writer)
            try sections.keyFigures(report.figures, rates: report.rates)
            try sections.charts(report.figures, days: report.days)
            try writer.heading(f.t("per_run"))
            let runs = report.runs.sorted { $0.occurrence < $1.occurrence }
            try writer.table(
                columns: [PDFColumn(title: f.label("run"), width: 34), PDFColumn(title: f.t("started"), width: 1)]
                    + ReportSections.countColumns(f),
                rows: runs.map { ["#\($0.occurrence + 1)", f.compact($0.startedAt)] + ReportSections.counts(report.figures.byRun[$0.id] ?? DeliveryTotals(), f) })
            if !report.variants.isEmpty {
                try writer.heading(f.t("per_variant"))
                try writer.table(
                    columns: [PDFColumn(title: f.label("variant"), width: 1)] + ReportSections.countColumns(f),
                    rows: report.variants.map { ["\(f.label("variant")) \($0.variant)"] + ReportSections.counts($0.totals, f) })
            }
            try sections.perDay(report.figures, days: report.days)
            try sections.failures(report.figures)
            try writer.heading(f.label("recipients"))
            try writer.startTable(columns: [
                PDFColumn(title: f.label("phone"), width: 72), PDFColumn(title: f.label("name"), width: 1),
                PDFColumn(title: f.label("status"), width: 56), PDFColumn(title: f.label("sent_at"), width: 78),
                PDFColumn(title: f.label("delivered_at"), width: 78), PDFColumn(title: f.label("read_at"), width: 78),
                PDFColumn(title: f.t("code"), width: 40, alignment: .end),
            ])
        }
        try await database.withTenant(report.company.id) { connection in
            try await connection.forEachRecipientPage(campaign: report.campaign.id) { page in
                try await NIOThreadPool.singleton.runIfActive {
                    for recipient in page {
                        try box.writer?.tableRow([
                            recipient.phone, recipient.contactName ?? "", f.status(recipient.status), f.compact(recipient.sentAt),
                            f.compact(recipient.deliveredAt), f.compact(recipient.readAt), recipient.errorCode.map(String.init) ?? "",
                        ])
                    }
                }
            }
        }
        try await NIOThreadPool.singleton.runIfActive {
            try box.writer?.endTable()
            try box.writer?.finish()
        }
        return url
    }
}

/// The writer, handed between the thread pool's tasks (one uses it at a time, in order).
private final class PDFWriterBox: @unchecked Sendable {
    var writer: PDFReportWriter?
}
