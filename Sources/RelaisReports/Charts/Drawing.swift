/// A chart ready to render: coordinates in points, origin top-left, y down.
///
/// Backend-neutral so that the page (SVG) and the PDF report draw the very same chart.
public struct Drawing: Sendable {
    public var width: Double
    public var height: Double
    /// Accessible title and one-sentence description (SVG `<title>` and `<desc>`).
    public var title: String
    public var summary: String
    public var items: [DrawingItem]
    /// No data: the items then hold only the empty-state text, never a NaN coordinate.
    public var isEmpty: Bool

    public init(width: Double, height: Double, title: String, summary: String, items: [DrawingItem], isEmpty: Bool) {
        self.width = width
        self.height = height
        self.title = title
        self.summary = summary
        self.items = items
        self.isEmpty = isEmpty
    }

    /// A drawing that only says there is no data, centred.
    static func empty(width: Double, height: Double, title: String, summary: String, format: ChartFormat) -> Drawing {
        let size = 13.0
        let text = ChartText.truncate(format.emptyText, maxWidth: max(width - 16, 10), size: size, bold: false)
        return Drawing(
            width: width, height: height, title: title, summary: summary,
            items: [.text(text, at: ChartPoint(x: width / 2, y: height / 2), size: size, anchor: .middle, bold: false, paint: .muted)],
            isEmpty: true)
    }
}
