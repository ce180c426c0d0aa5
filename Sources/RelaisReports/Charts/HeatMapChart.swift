/// A grid of cells shaded by value, e.g. read rate by weekday (rows) and hour (columns); nil cells have no data.
///
/// Shares (`valueIsPercent`) are shaded on the absolute 0…100 % scale so two maps compare; counts relative to
/// the largest cell.
public struct HeatMapChart: Chart {
    public var title: String
    public var summary: String
    public var rows: [String]
    public var columns: [String]
    public var values: [[Double?]]
    public var valueIsPercent: Bool

    static let labelSize = 11.0

    public init(title: String, summary: String, rows: [String], columns: [String], values: [[Double?]], valueIsPercent: Bool) {
        self.title = title
        self.summary = summary
        self.rows = rows
        self.columns = columns
        self.values = values
        self.valueIsPercent = valueIsPercent
    }

    public func drawing(width: Double, height: Double, format: ChartFormat) -> Drawing {
        let width = ChartValue.dimension(width, fallback: 600)
        let height = ChartValue.dimension(height, fallback: 300)
        let known = rows.indices.flatMap { row in columns.indices.compactMap { cell(row, $0) } }
        guard !known.isEmpty else { return .empty(width: width, height: height, title: title, summary: summary, format: format) }
        let maximum = valueIsPercent ? 1 : max(known.max() ?? 0, Double.leastNonzeroMagnitude)
        let text = valueIsPercent ? format.percent : format.number
        let widest = rows.map { ChartText.width($0, size: Self.labelSize, bold: false) }.max() ?? 0
        let left = min(width * 0.25, widest + 8)
        let top = 20.0
        let legendHeight = 26.0
        let cellWidth = (width - left) / Double(columns.count)
        let cellHeight = max(1, (height - top - legendHeight) / Double(rows.count))
        let gap = min(cellWidth, cellHeight) > 6 ? 1.0 : 0
        var items: [DrawingItem] = []
        for (row, name) in rows.enumerated() {
            let y = top + Double(row) * cellHeight
            let label = ChartText.truncate(name, maxWidth: left - 6, size: Self.labelSize, bold: false)
            items.append(.text(label, at: ChartPoint(x: 0, y: y + cellHeight / 2 + 4), size: Self.labelSize, anchor: .start, bold: false, paint: .muted))
            for column in columns.indices {
                let value = cell(row, column)
                let paint: Paint = value.map { .heat($0 / maximum) } ?? .grid
                let tip = "\(name), \(columns[column]): \(value.map(text) ?? format.noValueText)"
                items.append(
                    .rect(x: left + Double(column) * cellWidth, y: y, width: cellWidth - gap, height: cellHeight - gap, paint: paint, label: tip))
            }
        }
        items += columnLabels(left: left, cellWidth: cellWidth)
        items += legend(y: height - legendHeight + 8, maximum: text(maximum), zero: text(0))
        return Drawing(width: width, height: height, title: title, summary: summary, items: items, isEmpty: false)
    }

    public func table(format: ChartFormat) -> ChartTable {
        let text = valueIsPercent ? format.percent : format.number
        let body = rows.indices.map { row in [rows[row]] + columns.indices.map { cell(row, $0).map(text) ?? format.noValueText } }
        return ChartTable(caption: title, columns: [""] + columns, rows: body)
    }

    /// The cleaned value of a cell; nil for no data (missing, or NaN which is a 0/0 rate).
    func cell(_ row: Int, _ column: Int) -> Double? {
        guard row < values.count, column < values[row].count, let value = values[row][column], !value.isNaN else { return nil }
        return ChartValue.clean(value)
    }

    /// Column labels above the grid, thinned to every n-th so they do not overlap.
    private func columnLabels(left: Double, cellWidth: Double) -> [DrawingItem] {
        let widest = columns.map { ChartText.width($0, size: Self.labelSize, bold: false) }.max() ?? 0
        let step = max(1, Int(((min(widest, 80) + 6) / max(cellWidth, 0.01)).rounded(.up)))
        return stride(from: 0, to: columns.count, by: step).map { column in
            let text = ChartText.truncate(columns[column], maxWidth: max(12, cellWidth * Double(step) - 4), size: Self.labelSize, bold: false)
            return .text(text, at: ChartPoint(x: left + (Double(column) + 0.5) * cellWidth, y: 14), size: Self.labelSize, anchor: .middle, bold: false, paint: .muted)
        }
    }

    /// Ten swatches from the lightest to the darkest bucket, with the scale's ends written beside them.
    private func legend(y: Double, maximum: String, zero: String) -> [DrawingItem] {
        let start = ChartText.width(zero, size: Self.labelSize, bold: false) + 6
        var items: [DrawingItem] = [.text(zero, at: ChartPoint(x: 0, y: y + 9), size: Self.labelSize, anchor: .start, bold: false, paint: .muted)]
        for bucket in 0..<10 {
            items.append(.rect(x: start + Double(bucket) * 14, y: y, width: 13, height: 10, paint: .heat((Double(bucket) + 0.5) / 10), label: nil))
        }
        items.append(.text(maximum, at: ChartPoint(x: start + 146, y: y + 9), size: Self.labelSize, anchor: .start, bold: false, paint: .muted))
        return items
    }
}
