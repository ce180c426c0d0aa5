/// Something that can be drawn (for SVG and PDF alike) and shown as a table.
public protocol Chart: Sendable {
    /// The chart laid out in a `width` × `height` point box.
    func drawing(width: Double, height: Double, format: ChartFormat) -> Drawing
    /// The same data as a table, formatted for the user's language.
    func table(format: ChartFormat) -> ChartTable
}
