/// Why a spreadsheet cannot be read at all; the import ends `failed` with `description`.
///
/// Row-level problems are not errors: they come back as `SpreadsheetRow.rejection`.
public enum SpreadsheetError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The file could not be opened or read (missing, permissions, I/O error).
    case unreadable(reason: String)
    /// A row has more columns than `SpreadsheetLimits.maxColumns`; `count` is how many it has.
    case tooManyColumns(row: Int, count: Int, limit: Int)
    /// A CSV quoted field opened on `row` is never closed before the end of the file.
    case unterminatedQuote(row: Int)
    /// The file is not an Excel workbook (not a zip, or a zip without `xl/workbook.xml`).
    case notAnXLSX(reason: String)
    /// Inflating the workbook's parts would exceed `XLSXLimits.maxInflatedBytes`.
    case tooLarge(part: String, limit: Int64)
    /// A part inflates more than `XLSXLimits.maxCompressionRatio` times its compressed size.
    case zipBomb(part: String, ratio: Int64, limit: Int64)
    /// A part declares a DTD or entities (XXE, billion laughs); OOXML never needs them.
    case forbiddenDTD(part: String)
    /// The workbook has no sheet with that name.
    case sheetNotFound(name: String, available: [String])
    /// The workbook lists no sheet at all.
    case noSheets
    /// The shared strings table has more entries than `XLSXLimits.maxSharedStrings`.
    case tooManySharedStrings(limit: Int)
    /// The shared strings table holds more text than `XLSXLimits.maxSharedStringBytes`.
    case sharedStringsTooLarge(limit: Int)
    /// A part of the workbook is damaged (bad XML, bad zip entry, missing part).
    case corruptXLSX(part: String, reason: String)

    public var description: String {
        switch self {
        case .unreadable(let reason): "the file cannot be read: \(reason)"
        case .tooManyColumns(let row, let count, let limit):
            "row \(row) has \(count) columns, more than the limit of \(limit)"
        case .unterminatedQuote(let row): "a quoted field opened on row \(row) is never closed"
        case .notAnXLSX(let reason): "the file is not an Excel .xlsx workbook (\(reason))"
        case .tooLarge(let part, let limit): "\(part) inflates to more than \(limit) bytes"
        case .zipBomb(let part, let ratio, let limit):
            "\(part) inflates \(ratio) times its compressed size, more than the limit of \(limit) (zip bomb)"
        case .forbiddenDTD(let part): "\(part) declares a DTD or entities, which workbooks never need"
        case .sheetNotFound(let name, let available):
            "no sheet named \"\(name)\" (sheets: \(available.joined(separator: ", ")))"
        case .noSheets: "the workbook has no sheet"
        case .tooManySharedStrings(let limit): "the workbook has more than \(limit) shared strings"
        case .sharedStringsTooLarge(let limit): "the workbook's shared strings exceed \(limit) bytes"
        case .corruptXLSX(let part, let reason): "the workbook is damaged (\(part): \(reason))"
        }
    }
}
