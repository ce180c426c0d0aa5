/// One bar per category with the series stacked in it: messages per day split by status.
public struct StackedBarChart: Chart {
    public var title: String
    public var summary: String
    public var categories: [String]
    public var series: [ChartSeries]
    /// Header of the table's first column; empty by default.
    public var categoryLabel: String

    /// Segments carry tooltips up to this many categories; beyond, the SVG would grow for no reader.
    static let tooltipLimit = 400

    public init(title: String, summary: String, categories: [String], series: [ChartSeries], categoryLabel: String = "") {
        self.title = title
        self.summary = summary
        self.categories = categories
        self.series = series
        self.categoryLabel = categoryLabel
    }

    public func drawing(width: Double, height: Double, format: ChartFormat) -> Drawing {
        let width = ChartValue.dimension(width, fallback: 600)
        let height = ChartValue.dimension(height, fallback: 300)
        guard !categories.isEmpty, !series.isEmpty else {
            return .empty(width: width, height: height, title: title, summary: summary, format: format)
        }
        let count = categories.count
        let totals = (0..<count).map { index in series.reduce(0) { $0 + $1.value(at: index) } }
        let frame = CartesianFrame(width: width, height: height, maximum: totals.max() ?? 0, hasLegend: true, valueText: format.number)
        let band = frame.plotWidth / Double(count)
        // Bars take 70 % of their band, and the whole band once they are thinner than 3 points.
        let barWidth = band >= 3 ? band * 0.7 : band
        let x: (Int) -> Double = { frame.plotLeft + (Double($0) + 0.5) * band }
        var items = frame.valueAxis()
        items += frame.categoryLabels(categories, x: x)
        items += frame.legend(series.map { ($0.name, $0.paint) })
        for index in 0..<count {
            var stacked = 0.0
            for segment in series {
                let value = segment.value(at: index)
                guard value > 0 else { continue }
                let lower = frame.y(stacked)
                stacked += value
                let upper = frame.y(stacked)
                let label = count <= Self.tooltipLimit ? "\(categories[index]) — \(segment.name): \(format.number(value))" : nil
                items.append(.rect(x: x(index) - barWidth / 2, y: upper, width: barWidth, height: lower - upper, paint: segment.paint, label: label))
            }
        }
        return Drawing(width: width, height: height, title: title, summary: summary, items: items, isEmpty: false)
    }

    public func table(format: ChartFormat) -> ChartTable {
        let rows = categories.indices.map { index in [categories[index]] + series.map { format.number($0.value(at: index)) } }
        return ChartTable(caption: title, columns: [categoryLabel] + series.map(\.name), rows: rows)
    }
}
