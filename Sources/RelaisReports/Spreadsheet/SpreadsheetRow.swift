/// One record read from a spreadsheet, CSV or XLSX alike.
///
/// `number` is the 1-based row number the user sees in Excel or LibreOffice (blank rows skipped
/// by the readers still count), so an import report can point at the exact line of the file.
/// A row whose content broke a per-row limit comes back with `rejection` set and no cells: the
/// importer reports it and goes on with the next row.
public struct SpreadsheetRow: Sendable, Equatable {
    /// 1-based row number in the file.
    public let number: Int
    /// The cells, left to right, with empty strings for missing cells in between.
    public let cells: [String]
    /// Why the row was refused, if it was; `cells` is empty then.
    public let rejection: SpreadsheetRowRejection?

    /// Creates a row; readers and tests use it.
    public init(number: Int, cells: [String], rejection: SpreadsheetRowRejection? = nil) {
        self.number = number
        self.cells = cells
        self.rejection = rejection
    }
}
