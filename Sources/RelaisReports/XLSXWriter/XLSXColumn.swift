/// A column of an exported sheet: its header text and width.
public struct XLSXColumn: Sendable, Equatable {
    /// Text of the header row (bold, filled, frozen); `nil` everywhere means no header row.
    public var title: String?
    /// Width in Excel's units (characters of the default font), or `nil` for Excel's default.
    public var width: Double?

    /// Creates a column.
    public init(_ title: String?, width: Double? = nil) {
        self.title = title
        self.width = width
    }
}
