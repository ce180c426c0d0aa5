import Foundation
import Testing

@testable import RelaisReports

/// The PDF writer read back by poppler's `pdftotext` and by pypdf: long tables break across pages with their
/// header repeated, every page has its "Page n / N" footer, French text survives WinAnsi, and the charts draw.
@Suite struct PDFReportWriterTests {
    static let columns = [
        PDFColumn(title: "Numéro", width: 60, alignment: .end), PDFColumn(title: "Libellé", width: 1), PDFColumn(title: "Montant", width: 80, alignment: .end),
    ]

    @Test func aLongTableRepeatsItsHeaderOnEveryPageAndCountsThePages() async throws {
        let directory = try TestDirectory()
        let url = directory.url.appendingPathComponent("long.pdf")
        let writer = try PDFReportWriter(url: url, title: "Rapport d'essai", company: "Boulangerie Éclair", generatedAt: "02/12/2026 09:00")
        try writer.heading("Détail")
        try writer.table(columns: Self.columns, rows: (1...2_000).lazy.map { ["\($0)", "Ligne \($0)", "\($0 * 3) €"] })
        try writer.finish()

        let pages = try await ExternalTool.pypdfPageCount(url)
        // About 44 rows a page: 2,000 rows need well over 40 pages.
        #expect(pages > 40)
        let text = try await ExternalTool.pdfText(url)
        let pageTexts = text.split(separator: "\u{0C}", omittingEmptySubsequences: true).filter { !$0.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty }
        #expect(pageTexts.count == pages)
        for (index, page) in pageTexts.enumerated() {
            #expect(page.contains("Numéro") && page.contains("Libellé") && page.contains("Montant"), "page \(index + 1) has no header row")
            #expect(page.contains("Page \(index + 1) / \(pages)"), "page \(index + 1) has no footer")
        }
        #expect(text.contains("Page 2 / \(pages)"))
        // Every row made it, in order, once.
        let numbers = text.split(whereSeparator: \.isNewline).compactMap { line -> Int? in
            let fields = line.split(separator: " ", omittingEmptySubsequences: true)
            guard fields.count >= 3, fields[1] == "Ligne", let first = Int(fields[0]), Int(fields[2]) == first else { return nil }
            return first
        }
        #expect(numbers == Array(1...2_000))
        #expect(text.contains("6000 €"))
    }

    @Test func frenchAccentsAndTheEuroSignAreExtractedAsWritten() async throws {
        let directory = try TestDirectory()
        let url = directory.url.appendingPathComponent("french.pdf")
        let sentence = "Élodie a reçu à Noël « œuvres complètes » pour 12 € ; où ça ? À côté, ç’est l’été."
        let writer = try PDFReportWriter(url: url, title: "Synthèse hebdomadaire", company: "Crème & Cœur", generatedAt: "lundi 16/11/2026")
        try writer.paragraph(sentence)
        try writer.keyFigures([("Délivrés", "1 234"), ("Coût estimé", "12,50 €")])
        try writer.table(columns: Self.columns, rows: [["1", "Créée à l’agence", "9 €"]])
        try writer.finish()

        #expect(try await ExternalTool.pypdfPageCount(url) == 1)
        let text = try await ExternalTool.pdfText(url)
        for word in ["Élodie", "reçu", "à", "Noël", "œuvres", "12 €", "où", "ç’est", "l’été", "Synthèse", "Crème & Cœur", "Délivrés", "Coût estimé", "Créée"] {
            #expect(text.contains(word), "\(word) missing from: \(text)")
        }
        #expect(text.contains("Page 1 / 1"))
    }

    @Test func chartsAreDrawnAsVectorsAndTheFileStaysValid() async throws {
        let directory = try TestDirectory()
        let url = directory.url.appendingPathComponent("charts.pdf")
        let writer = try PDFReportWriter(url: url, title: "Charts", company: "Acme", generatedAt: "now")
        let bars = StackedBarChart(
            title: "Per day", summary: "", categories: ["Mon", "Tue"],
            series: [ChartSeries(name: "Read", paint: .status(.read), values: [3, 1]), ChartSeries(name: "Failed", paint: .status(.failed), values: [1, 1])])
        try writer.chart(bars.drawing(width: 499, height: 200, format: .englishDefault), height: 200)
        let donut = DonutChart(title: "Failures", summary: "", slices: [("131026", 1, .series(0)), ("131049", 1, .series(1))])
        try writer.chart(donut.drawing(width: 499, height: 200, format: .englishDefault), height: 200)
        try writer.finish()
        #expect(try await ExternalTool.pypdfPageCount(url) >= 1)
        let text = try await ExternalTool.pdfText(url)
        #expect(text.contains("Read") && text.contains("131026"))
        // Vector paths (re/l/c with fills), not an embedded image.
        let raw = String(decoding: try Data(contentsOf: url), as: UTF8.self)
        #expect(!raw.contains("/Image"))
        #expect(raw.contains(" re") || raw.contains(" l\n") || raw.contains(" c\n"))
    }

    @Test func usingAFinishedWriterIsAnError() throws {
        let directory = try TestDirectory()
        let writer = try PDFReportWriter(url: directory.url.appendingPathComponent("done.pdf"), title: "T", company: "C", generatedAt: "G")
        try writer.finish()
        #expect(throws: PDFWriteError.finished) { try writer.paragraph("late") }
    }
}
