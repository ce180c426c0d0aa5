/// Why a CSV or XLSX export could not be written.
public enum SpreadsheetWriteError: Error, Sendable, Equatable, CustomStringConvertible {
    /// A file could not be created, written or moved into place.
    case io(reason: String)
    /// The writer was used after `finish()`.
    case alreadyFinished
    /// Excel opens at most 1,048,576 rows per sheet.
    case tooManyRows(sheet: String, limit: Int)
    /// Excel opens at most 16,384 columns per sheet.
    case tooManyColumns(sheet: String, limit: Int)

    public var description: String {
        switch self {
        case .io(let reason): "the export could not be written: \(reason)"
        case .alreadyFinished: "the export was already finished"
        case .tooManyRows(let sheet, let limit): "sheet \"\(sheet)\" would have more than \(limit) rows"
        case .tooManyColumns(let sheet, let limit): "sheet \"\(sheet)\" would have more than \(limit) columns"
        }
    }
}
