extension PDFReportWriter {
    static let tableTextSize = 8.5
    static let tableRowHeight = 15.0
    static let tableHeaderHeight = 18.0

    /// A table that breaks across pages and repeats its header on each. Rows are read one at a time from the
    /// sequence, so a 100,000-row export never sits in memory; cells are truncated with "…" to their column.
    public func table(columns: [PDFColumn], rows: some Sequence<[String]>) throws {
        try startTable(columns: columns)
        for row in rows { try tableRow(row) }
        try endTable()
    }

    /// Opens a table whose rows come later through `tableRow(_:)`, for rows read from the database a page at a
    /// time (an async source a `Sequence` cannot wrap); `endTable()` closes it.
    public func startTable(columns: [PDFColumn]) throws {
        try checkOpen()
        guard !columns.isEmpty else { return }
        let widths = Self.resolveWidths(columns, available: PDFPageGeometry.contentWidth)
        openTable = (columns, widths)
        try ensureSpace(Self.tableHeaderHeight + Self.tableRowHeight * 2)
        tableHeader(columns, widths: widths)
    }

    /// One row of the open table, on a new page under a repeated header when this one is full.
    public func tableRow(_ row: [String]) throws {
        try checkOpen()
        guard let (columns, widths) = openTable else { return }
        if y - Self.tableRowHeight < PDFPageGeometry.contentBottom {
            try ensureSpace(Self.tableRowHeight)
            tableHeader(columns, widths: widths)
        }
        tableRow(row, columns: columns, widths: widths, bold: false, color: .ink)
        content.strokePath(
            [(PDFPageGeometry.marginLeft, y + 4), (PDFPageGeometry.marginLeft + widths.reduce(0, +), y + 4)], color: .grid, width: 0.5, dashed: false)
    }

    /// Closes the open table and leaves a gap below it.
    public func endTable() throws {
        try checkOpen()
        guard openTable != nil else { return }
        openTable = nil
        y -= 10
    }

    /// Column widths in points: widths above 1 are points, the rest share what the fixed columns leave in
    /// proportion to their values; all scaled down together if they overflow the page.
    static func resolveWidths(_ columns: [PDFColumn], available: Double) -> [Double] {
        let clean = columns.map { $0.width.isFinite && $0.width > 0 ? $0.width : 1 }
        let fixed = clean.filter { $0 > 1 }.reduce(0, +)
        let shares = clean.filter { $0 <= 1 }.reduce(0, +)
        let left = max(0, available - fixed)
        var widths = clean.map { $0 > 1 ? $0 : (shares > 0 ? left * $0 / shares : 0) }
        let total = widths.reduce(0, +)
        if total > available { widths = widths.map { $0 * available / total } }
        return widths
    }

    private func tableHeader(_ columns: [PDFColumn], widths: [Double]) {
        let top = y + 4
        content.fillRect(
            x: PDFPageGeometry.marginLeft, y: top - Self.tableHeaderHeight, width: widths.reduce(0, +), height: Self.tableHeaderHeight, color: .band)
        y -= 3
        tableRow(columns.map(\.title), columns: columns, widths: widths, bold: true, color: .muted)
        y -= Self.tableHeaderHeight - Self.tableRowHeight - 3
    }

    /// One line of cells at the cursor, then the cursor moves down a row.
    private func tableRow(_ cells: [String], columns: [PDFColumn], widths: [Double], bold: Bool, color: PDFColor) {
        var left = PDFPageGeometry.marginLeft
        let baseline = y - 7
        for (index, column) in columns.enumerated() {
            let width = widths[index]
            let cell = index < cells.count ? cells[index] : ""
            let text = PDFText.truncate(cell, maxWidth: max(0, width - 8), size: Self.tableTextSize, bold: bold)
            let x: Double
            switch column.alignment {
            case .start: x = left + 4
            case .middle: x = left + width / 2
            case .end: x = left + width - 4
            }
            content.text(text, x: x, y: baseline, size: Self.tableTextSize, bold: bold, color: color, anchor: column.alignment)
            left += width
        }
        y -= Self.tableRowHeight
    }
}
