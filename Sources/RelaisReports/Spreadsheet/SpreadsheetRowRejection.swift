/// Why a single row was refused while the rest of the file stays readable.
public enum SpreadsheetRowRejection: Error, Sendable, Equatable, CustomStringConvertible {
    /// A cell is longer than `SpreadsheetLimits.maxCellBytes` (UTF-8 bytes); `column` is 1-based.
    case cellTooLarge(column: Int, bytes: Int, limit: Int)

    public var description: String {
        switch self {
        case .cellTooLarge(let column, let bytes, let limit):
            "cell in column \(column) is \(bytes) bytes long, more than the limit of \(limit) bytes"
        }
    }
}
