/// Field separators the CSV reader detects; the raw value is the ASCII byte.
public enum CSVSeparator: UInt8, Sendable, Equatable, CaseIterable {
    case comma = 0x2C
    /// Excel's choice in locales where the comma is the decimal mark (France, Belgium…).
    case semicolon = 0x3B
    case tab = 0x09
}
