/// Values over ordered categories (days, weeks), one line per series: messages sent per day, read rate per week.
public struct LineChart: Chart {
    public var title: String
    public var summary: String
    public var categories: [String]
    public var series: [ChartSeries]
    /// Values are shares (0.425 = 42.5 %), formatted as percentages on the axis and in the table.
    public var valueIsPercent: Bool
    /// Header of the table's first column ("Day", "Semaine"); empty by default.
    public var categoryLabel: String

    /// Markers (with tooltips) are drawn on each point up to this many categories; beyond, lines only.
    static let markerLimit = 62

    public init(
        title: String, summary: String, categories: [String], series: [ChartSeries], valueIsPercent: Bool = false, categoryLabel: String = ""
    ) {
        self.title = title
        self.summary = summary
        self.categories = categories
        self.series = series
        self.valueIsPercent = valueIsPercent
        self.categoryLabel = categoryLabel
    }

    public func drawing(width: Double, height: Double, format: ChartFormat) -> Drawing {
        let width = ChartValue.dimension(width, fallback: 600)
        let height = ChartValue.dimension(height, fallback: 300)
        guard !categories.isEmpty, !series.isEmpty else {
            return .empty(width: width, height: height, title: title, summary: summary, format: format)
        }
        let count = categories.count
        let maximum = series.flatMap { line in (0..<count).map { line.value(at: $0) } }.max() ?? 0
        let text = valueText(format)
        let frame = CartesianFrame(width: width, height: height, maximum: maximum, hasLegend: true, valueText: text)
        let x: (Int) -> Double = { index in
            count == 1 ? frame.plotLeft + frame.plotWidth / 2 : frame.plotLeft + Double(index) * frame.plotWidth / Double(count - 1)
        }
        var items = frame.valueAxis()
        items += frame.categoryLabels(categories, x: x)
        items += frame.legend(series.map { ($0.name, $0.paint) })
        for line in series {
            let points = (0..<count).map { ChartPoint(x: x($0), y: frame.y(line.value(at: $0))) }
            if count > 1 { items.append(.polyline(points, paint: line.paint, width: 2)) }
            guard count <= Self.markerLimit else { continue }
            for (index, point) in points.enumerated() {
                let label = "\(categories[index]) — \(line.name): \(text(line.value(at: index)))"
                items.append(.rect(x: point.x - 3, y: point.y - 3, width: 6, height: 6, paint: line.paint, label: label))
            }
        }
        return Drawing(width: width, height: height, title: title, summary: summary, items: items, isEmpty: false)
    }

    public func table(format: ChartFormat) -> ChartTable {
        let text = valueText(format)
        let rows = categories.indices.map { index in [categories[index]] + series.map { text($0.value(at: index)) } }
        return ChartTable(caption: title, columns: [categoryLabel] + series.map(\.name), rows: rows)
    }

    private func valueText(_ format: ChartFormat) -> @Sendable (Double) -> String {
        valueIsPercent ? format.percent : format.number
    }
}
