import Foundation

/// Writes a PDF 1.7 report (A4 portrait, Helvetica in WinAnsi so French text prints as is) block by block.
///
/// Each page's content goes to disk when the page is full, so memory stays flat for a 100,000-row table (about
/// 2,000 pages): what is kept per page is three object numbers. "Page n / N" needs N, so each page's footer is a
/// second small content stream written by `finish()`, when N is known. All pages share one resources object.
public final class PDFReportWriter {
    let file: PDFFile
    let title: String
    let company: String
    let generatedAt: String
    private let resources: Int
    private let createdAt: Date
    /// Content stream and page object numbers of each page, in order.
    private var pages: [(content: Int, page: Int)] = []
    var content = PDFContent()
    /// The baseline cursor on the current page, going down.
    var y = PDFPageGeometry.contentTop
    private var isFinished = false
    /// The columns and resolved widths of the table `tableRow(_:)` adds to, between `startTable` and `endTable`.
    var openTable: (columns: [PDFColumn], widths: [Double])?

    /// Creates the file and starts the first page with the report's title, company and generation time.
    public init(url: URL, title: String, company: String, generatedAt: String) throws {
        file = try PDFFile(url: url)
        self.title = title
        self.company = company
        self.generatedAt = generatedAt
        createdAt = Date()
        let catalog = file.reserve()
        let pageTree = file.reserve()
        precondition(catalog == 1 && pageTree == 2, "the catalog and page tree are objects 1 and 2")
        resources = file.reserve()
        let regular = file.reserve()
        let bold = file.reserve()
        try file.write(object: regular, "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>")
        try file.write(object: bold, "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica-Bold /Encoding /WinAnsiEncoding >>")
        try file.write(object: resources, "<< /Font << /F1 \(regular) 0 R /F2 \(bold) 0 R >> /ProcSet [/PDF /Text] >>")
        startPage()
        let width = PDFPageGeometry.contentWidth
        for line in PDFText.wrap(title, maxWidth: width, size: 20, bold: true) {
            y -= 4
            content.text(line, x: PDFPageGeometry.marginLeft, y: y, size: 20, bold: true, color: .ink)
            y -= 22
        }
        let byline = PDFText.truncate("\(company) · \(generatedAt)", maxWidth: width, size: 10, bold: false)
        content.text(byline, x: PDFPageGeometry.marginLeft, y: y, size: 10, bold: false, color: .muted)
        y -= 26
    }

    /// A section heading; kept on the same page as at least a few lines of what follows.
    public func heading(_ text: String) throws {
        try checkOpen()
        let lines = PDFText.wrap(text, maxWidth: PDFPageGeometry.contentWidth, size: 13, bold: true)
        try ensureSpace(Double(lines.count) * 17 + 60)
        if y < PDFPageGeometry.contentTop { y -= 8 }
        for line in lines {
            content.text(line, x: PDFPageGeometry.marginLeft, y: y, size: 13, bold: true, color: .ink)
            y -= 17
        }
        y -= 4
    }

    /// Body text, wrapped to the page width, continuing on the next page if needed.
    public func paragraph(_ text: String) throws {
        try checkOpen()
        for line in PDFText.wrap(text, maxWidth: PDFPageGeometry.contentWidth, size: 10, bold: false) {
            try ensureSpace(14)
            content.text(line, x: PDFPageGeometry.marginLeft, y: y, size: 10, bold: false, color: .ink)
            y -= 14
        }
        y -= 8
    }

    /// A row of boxed key figures (four per row at most), label above value, both truncated to their box.
    public func keyFigures(_ figures: [(label: String, value: String)]) throws {
        try checkOpen()
        let perRow = 4
        let gap = 10.0
        let boxHeight = 50.0
        for start in stride(from: 0, to: figures.count, by: perRow) {
            let row = figures[start..<min(figures.count, start + perRow)]
            let boxWidth = (PDFPageGeometry.contentWidth - gap * Double(perRow - 1)) / Double(perRow)
            try ensureSpace(boxHeight + 12)
            let top = y + 10
            for (offset, figure) in row.enumerated() {
                let left = PDFPageGeometry.marginLeft + Double(offset) * (boxWidth + gap)
                content.fillRect(x: left, y: top - boxHeight, width: boxWidth, height: boxHeight, color: .band)
                content.strokeRect(x: left, y: top - boxHeight, width: boxWidth, height: boxHeight, color: .grid, lineWidth: 0.8)
                let label = PDFText.truncate(figure.label, maxWidth: boxWidth - 16, size: 8.5, bold: false)
                content.text(label, x: left + 8, y: top - 15, size: 8.5, bold: false, color: .muted)
                let value = PDFText.truncate(figure.value, maxWidth: boxWidth - 16, size: 16, bold: true)
                content.text(value, x: left + 8, y: top - 38, size: 16, bold: true, color: .ink)
            }
            y -= boxHeight + 12
        }
    }

    /// A chart, drawn as vectors from the same `Drawing` as the page's SVG, fitted in the page width and `height`.
    public func chart(_ drawing: Drawing, height: Double) throws {
        try checkOpen()
        let room = min(ChartValue.dimension(height, fallback: 240, minimum: 20), PDFPageGeometry.contentTop - PDFPageGeometry.contentBottom)
        try ensureSpace(room + 6)
        let used = PDFDrawingRenderer.draw(
            drawing, into: &content, left: PDFPageGeometry.marginLeft, top: y + 8, width: PDFPageGeometry.contentWidth, height: room)
        y -= used + 10
    }

    /// Writes the last page, the footers ("company · generated at" and "Page n / N"), the page tree, the
    /// document information and the cross-reference table, then closes the file.
    public func finish() throws {
        try checkOpen()
        try endPage()
        isFinished = true
        let total = pages.count
        for (index, page) in pages.enumerated() {
            var footer = PDFContent()
            let left = PDFText.truncate("\(company) · \(generatedAt)", maxWidth: PDFPageGeometry.contentWidth - 90, size: 8, bold: false)
            footer.text(left, x: PDFPageGeometry.marginLeft, y: PDFPageGeometry.footerBaseline, size: 8, bold: false, color: .muted)
            footer.text(
                "Page \(index + 1) / \(total)", x: PDFPageGeometry.width - PDFPageGeometry.marginRight, y: PDFPageGeometry.footerBaseline,
                size: 8, bold: false, color: .muted, anchor: .end)
            let footerObject = file.reserve()
            try file.writeStream(object: footerObject, data: footer.bytes)
            try file.write(
                object: page.page,
                "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources \(resources) 0 R /Contents [\(page.content) 0 R \(footerObject) 0 R] >>")
        }
        try file.write(object: 2, "<< /Type /Pages /Count \(total) /Kids [\(pages.map { "\($0.page) 0 R" }.joined(separator: " "))] >>")
        try file.write(object: 1, "<< /Type /Catalog /Pages 2 0 R >>")
        let info = file.reserve()
        try file.write(
            object: info,
            "<< /Title \(PDFString.text(title)) /Author \(PDFString.text(company)) /Producer (Relais) /CreationDate (\(PDFString.date(createdAt))) >>")
        try file.finish(root: 1, info: info)
    }

    /// Starts a new page when fewer than `height` points are left on this one.
    func ensureSpace(_ height: Double) throws {
        if y - height < PDFPageGeometry.contentBottom && y < PDFPageGeometry.contentTop - 1 {
            try endPage()
            startPage()
        }
    }

    private func startPage() {
        content = PDFContent()
        y = PDFPageGeometry.contentTop
        guard !pages.isEmpty else { return }
        // Later pages carry the report's title as a running header.
        let header = PDFText.truncate(title, maxWidth: PDFPageGeometry.contentWidth, size: 8, bold: false)
        content.text(header, x: PDFPageGeometry.marginLeft, y: PDFPageGeometry.headerBaseline, size: 8, bold: false, color: .muted)
        content.strokePath(
            [(PDFPageGeometry.marginLeft, PDFPageGeometry.headerBaseline - 6), (PDFPageGeometry.width - PDFPageGeometry.marginRight, PDFPageGeometry.headerBaseline - 6)],
            color: .grid, width: 0.6, dashed: false)
    }

    /// Writes the current page's content stream and remembers the page.
    private func endPage() throws {
        let contentObject = file.reserve()
        try file.writeStream(object: contentObject, data: content.bytes)
        pages.append((contentObject, file.reserve()))
    }

    func checkOpen() throws {
        if isFinished { throw PDFWriteError.finished }
    }
}
