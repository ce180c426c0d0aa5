/// Limits shared by the CSV and XLSX readers, so a hostile or broken file is refused with a
/// precise reason instead of exhausting memory.
public struct SpreadsheetLimits: Sendable, Equatable {
    /// More columns than this in any row makes the whole file unusable
    /// (`SpreadsheetError.tooManyColumns`): no contact list has a thousand columns, and the
    /// importer would have to map every one of them.
    public var maxColumns: Int
    /// A cell longer than this (UTF-8 bytes) rejects its row only (`SpreadsheetRowRejection`).
    /// The reader stops buffering the cell at the limit, so a 1 GB cell costs no memory.
    public var maxCellBytes: Int

    /// Creates limits; the defaults are 1,000 columns and 64 KiB per cell.
    public init(maxColumns: Int = 1_000, maxCellBytes: Int = 64 * 1024) {
        self.maxColumns = maxColumns
        self.maxCellBytes = maxCellBytes
    }
}
