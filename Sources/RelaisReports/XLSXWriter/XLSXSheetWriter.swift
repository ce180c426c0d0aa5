import Foundation

/// Appends rows to one sheet of an `XLSXWriter`, straight to a temporary file: a
/// 100,000-row sheet never sits in memory. Obtained from `XLSXWriter.addSheet`.
public final class XLSXSheetWriter {
    /// The sheet's name as written (sanitised and made unique by the writer).
    public let name: String
    /// Rows written so far, the header row included.
    public private(set) var rowCount = 0
    let file: URL
    private let handle: FileHandle
    private let timeZone: TimeZone
    private var buffer = ""
    private var columnNames: [String] = []
    private var closed = false

    static let maxRows = 1_048_576
    static let maxColumns = 16_384
    private static let maxTextLength = 32_767
    private static let flushThreshold = 64 * 1024

    init(name: String, file: URL, columns: [XLSXColumn], freezeHeader: Bool, isFirst: Bool, timeZone: TimeZone) throws(SpreadsheetWriteError) {
        self.name = name
        self.file = file
        self.timeZone = timeZone
        guard FileManager.default.createFile(atPath: file.path, contents: nil), let handle = try? FileHandle(forWritingTo: file) else {
            throw .io(reason: "cannot create a temporary file for sheet \"\(name)\"")
        }
        self.handle = handle
        let hasHeader = columns.contains { $0.title != nil }
        buffer = XLSXPackageParts.declaration
        buffer += #"<worksheet xmlns="\#(XLSXPackageParts.mainNamespace)" xmlns:r="\#(XLSXPackageParts.relationshipsNamespace)">"#
        buffer += #"<sheetViews><sheetView workbookViewId="0"\#(isFirst ? #" tabSelected="1""# : "")>"#
        if hasHeader && freezeHeader {
            buffer += #"<pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/>"#
            buffer += #"<selection pane="bottomLeft" activeCell="A2" sqref="A2"/>"#
        }
        buffer += #"</sheetView></sheetViews><sheetFormatPr defaultRowHeight="15"/>"#
        if columns.contains(where: { $0.width != nil }) {
            buffer += "<cols>"
            for (index, column) in columns.enumerated() {
                guard let width = column.width else { continue }
                buffer += #"<col min="\#(index + 1)" max="\#(index + 1)" width="\#(width)" customWidth="1"/>"#
            }
            buffer += "</cols>"
        }
        buffer += "<sheetData>"
        if hasHeader { try appendRow(columns.map { .text($0.title ?? "") }, style: .header) }
    }

    deinit { try? handle.close() }

    /// Appends one row; cells go left to right from column A, `.empty` leaves a gap.
    public func append(_ cells: [XLSXCell]) throws(SpreadsheetWriteError) {
        try appendRow(cells, style: nil)
    }

    private func appendRow(_ cells: [XLSXCell], style: XLSXStyle?) throws(SpreadsheetWriteError) {
        guard !closed else { throw .alreadyFinished }
        guard rowCount < Self.maxRows else { throw .tooManyRows(sheet: name, limit: Self.maxRows) }
        guard cells.count <= Self.maxColumns else { throw .tooManyColumns(sheet: name, limit: Self.maxColumns) }
        rowCount += 1
        buffer += #"<row r="\#(rowCount)">"#
        for (index, cell) in cells.enumerated() { appendCell(cell, reference: "\(columnName(index))\(rowCount)", style: style) }
        buffer += "</row>"
        if buffer.utf8.count >= Self.flushThreshold { try flush() }
    }

    private func appendCell(_ cell: XLSXCell, reference: String, style: XLSXStyle?) {
        let open = #"<c r="\#(reference)""#
        func number(_ value: Double, _ numberStyle: XLSXStyle) {
            // NaN and infinities have no representation in a cell; leave it empty.
            guard value.isFinite else { return }
            let styleAttribute = numberStyle == .normal ? "" : #" s="\#(numberStyle.rawValue)""#
            buffer += #"\#(open)\#(styleAttribute)><v>\#(Self.text(of: value))</v></c>"#
        }
        switch cell {
        case .text(let text):
            guard !text.isEmpty else { return }
            let styleAttribute = style.map { #" s="\#($0.rawValue)""# } ?? ""
            buffer += #"\#(open)\#(styleAttribute) t="inlineStr"><is><t xml:space="preserve">"#
            XMLText.append(Self.truncated(text), to: &buffer)
            buffer += "</t></is></c>"
        case .integer(let value): buffer += #"\#(open) s="\#(XLSXStyle.integer.rawValue)"><v>\#(value)</v></c>"#
        case .number(let value): number(value, .normal)
        case .decimal(let value): number(value, .decimal)
        case .percent(let value): number(value, .percent)
        case .date(let date): number(serial(of: date).rounded(.down), .date)  // Midnight, so Excel filters by day.
        case .dateTime(let date): number(serial(of: date), .dateTime)
        case .bool(let value): buffer += #"\#(open) t="b"><v>\#(value ? 1 : 0)</v></c>"#
        case .empty: return
        }
    }

    /// Closes the XML and the file; called by `XLSXWriter.finish()`.
    func close() throws(SpreadsheetWriteError) {
        guard !closed else { return }
        buffer += "</sheetData></worksheet>"
        try flush()
        closed = true
        try? handle.close()
    }

    private func flush() throws(SpreadsheetWriteError) {
        do {
            try handle.write(contentsOf: Data(buffer.utf8))
        } catch {
            throw .io(reason: "sheet \"\(name)\": \(error.localizedDescription)")
        }
        buffer.removeAll(keepingCapacity: true)
    }

    /// Excel serial number of `date` as seen on a wall clock in `timeZone`.
    private func serial(of date: Date) -> Double {
        let local = date.timeIntervalSince1970 + Double(timeZone.secondsFromGMT(for: date))
        return local / 86_400 + 25_569
    }

    /// Whole numbers without `.0` (Swift's description of 33612345678.0), others as Swift
    /// prints them, which `xsd:double` accepts (`1e-05`, `3.3e+20`).
    static func text(of value: Double) -> String {
        if value == value.rounded(), abs(value) < 1e15 { return String(Int64(value)) }
        return "\(value)"
    }

    private static func truncated(_ text: String) -> String {
        guard text.utf16.count > maxTextLength else { return text }
        var result = ""
        var length = 0
        for character in text {
            length += character.utf16.count
            if length > maxTextLength { break }
            result.append(character)
        }
        return result
    }

    /// `A`, `B`, … `Z`, `AA`…, cached since every row asks for the same few.
    private func columnName(_ index: Int) -> String {
        while columnNames.count <= index {
            var number = columnNames.count + 1
            var letters = ""
            while number > 0 {
                let remainder = (number - 1) % 26
                letters = String(UnicodeScalar(UInt8(65 + remainder))) + letters
                number = (number - 1) / 26
            }
            columnNames.append(letters)
        }
        return columnNames[index]
    }
}
