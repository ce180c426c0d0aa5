import Foundation

#if canImport(FoundationXML)
    import FoundationXML
#endif

/// Turns the events of a worksheet part into `SpreadsheetRow`s and sends them down a channel.
///
/// Cells are placed by their reference (`r="C7"`), so sparse rows get empty strings in between;
/// values are rendered by type: shared or inline strings, booleans, numbers as plain digits,
/// dates as ISO text, and a formula's cached value.
final class XLSXSheetDelegate: GuardedXMLDelegate {
    private let context: XLSXSheetContext
    private let channel: XLSXRowChannel
    private var rowNumber = 0
    private var cells: [String] = []
    private var columnCount = 0
    private var rejection: SpreadsheetRowRejection?
    private var column = 0
    private var cellType = "n"
    private var cellStyle = 0
    private var text = ""
    private var textBytes = 0
    private var inValue = false
    private var inInlineString = false
    private var inText = false
    private var inPhonetic = false
    private var pending: [SpreadsheetRow] = []

    init(context: XLSXSheetContext, channel: XLSXRowChannel) {
        self.context = context
        self.channel = channel
        super.init()
    }

    override func parser(
        _ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?, qualifiedName: String?,
        attributes: [String: String] = [:]
    ) {
        switch Self.localName(elementName) {
        case "row":
            rowNumber = attributes["r"].flatMap(Int.init) ?? rowNumber + 1
            cells = []
            columnCount = 0
            rejection = nil
            column = 0
        case "c":
            column = attributes["r"].flatMap(XLSXCellReference.column(of:)) ?? column
            cellType = attributes["t"] ?? "n"
            cellStyle = attributes["s"].flatMap(Int.init) ?? 0
            text = ""
            textBytes = 0
        case "v": inValue = true
        case "is": inInlineString = true
        case "t": inText = inInlineString && !inPhonetic
        case "rPh": inPhonetic = true
        default: break
        }
    }

    override func parser(_ parser: XMLParser, foundCharacters string: String) {
        guard inValue || inText else { return }
        textBytes += string.utf8.count
        if textBytes <= context.limits.maxCellBytes { text += string }
    }

    override func parser(_ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?, qualifiedName: String?) {
        switch Self.localName(elementName) {
        case "v": inValue = false
        case "t": inText = false
        case "is": inInlineString = false
        case "rPh": inPhonetic = false
        case "c": endCell(parser)
        case "row": endRow(parser)
        default: break
        }
    }

    private func endCell(_ parser: XMLParser) {
        defer { column += 1 }
        columnCount = max(columnCount, column + 1)
        // Past the column limit only the count matters: the file will be refused at the row's end.
        guard column < context.limits.maxColumns, rejection == nil else { return }
        if textBytes > context.limits.maxCellBytes {
            rejection = .cellTooLarge(column: column + 1, bytes: textBytes, limit: context.limits.maxCellBytes)
            return
        }
        guard let value = value(parser) else { return }
        if column < cells.count {
            cells[column] = value
        } else {
            cells.append(contentsOf: repeatElement("", count: column - cells.count))
            cells.append(value)
        }
    }

    /// The displayed text of the current cell; `nil` when the row was rejected or parsing failed.
    private func value(_ parser: XMLParser) -> String? {
        switch cellType {
        case "s":
            let strings = context.sharedStrings
            guard let index = Int(text.trimmingCharacters(in: .whitespaces)), strings.strings.indices.contains(index) else {
                fail(.corruptXLSX(part: context.part, reason: "row \(rowNumber): shared string \"\(text)\" does not exist"), parser)
                return nil
            }
            if let bytes = strings.oversized[index] {
                rejection = .cellTooLarge(column: column + 1, bytes: bytes, limit: context.limits.maxCellBytes)
                return nil
            }
            return strings.strings[index]
        case "b": return text.isEmpty ? "" : (text == "1" || text == "true" ? "TRUE" : "FALSE")
        case "n":
            guard !text.isEmpty else { return "" }
            if let kind = context.styles.dateKind(ofStyle: cellStyle),
                let date = XLSXValueText.date(text, kind: kind, uses1904Dates: context.uses1904Dates)
            {
                return date
            }
            return XLSXValueText.number(text)
        default: return text  // inlineStr, str (formula text), e (error such as #N/A), d (ISO date).
        }
    }

    private func endRow(_ parser: XMLParser) {
        if columnCount > context.limits.maxColumns {
            return fail(.tooManyColumns(row: rowNumber, count: columnCount, limit: context.limits.maxColumns), parser)
        }
        let row: SpreadsheetRow
        if let rejection {
            row = SpreadsheetRow(number: rowNumber, cells: [], rejection: rejection)
        } else if cells.allSatisfy(\.isEmpty) {
            return
        } else {
            row = SpreadsheetRow(number: rowNumber, cells: cells)
        }
        pending.append(row)
        // `false` means the reader was closed: stop parsing quietly.
        if pending.count >= XLSXRowChannel.batchSize && !flush() { parser.abortParsing() }
    }

    /// Hands the rows parsed so far to the reader; `false` once the reader is closed.
    /// Called again after parsing so the last rows, and those before an error, are delivered.
    @discardableResult
    func flush() -> Bool {
        guard !pending.isEmpty else { return true }
        defer { pending.removeAll(keepingCapacity: true) }
        return channel.send(pending)
    }
}
