/// How a `CSVWriter` formats its output.
public struct CSVWriterOptions: Sendable, Equatable {
    /// Field separator; a semicolon suits Excel in French locales.
    public var separator: CSVSeparator
    /// Starts the file with a UTF-8 BOM, without which Excel reads UTF-8 as Windows-1252.
    public var byteOrderMark: Bool
    /// Prefixes with `'` any cell starting with `=`, `+`, `-`, `@`, tab or carriage return, so a
    /// spreadsheet does not run it as a formula (CSV injection). Plain numbers such as `-12.5` or
    /// `+33612345678` are left alone: they cannot be formulas.
    public var guardsAgainstFormulas: Bool

    /// Creates options; by default comma-separated, with BOM and formula guard.
    public init(separator: CSVSeparator = .comma, byteOrderMark: Bool = true, guardsAgainstFormulas: Bool = true) {
        self.separator = separator
        self.byteOrderMark = byteOrderMark
        self.guardsAgainstFormulas = guardsAgainstFormulas
    }
}
