/// Successive steps of a campaign (sent → delivered → read → replied), each a trapezoid as wide as its value,
/// narrowing to the next step, with the value and its share of the first step.
public struct FunnelChart: Chart {
    public var title: String
    public var summary: String
    public var steps: [(label: String, value: Double, paint: Paint)]

    static let textSize = 12.0

    public init(title: String, summary: String, steps: [(label: String, value: Double, paint: Paint)]) {
        self.title = title
        self.summary = summary
        self.steps = steps
    }

    public func drawing(width: Double, height: Double, format: ChartFormat) -> Drawing {
        let width = ChartValue.dimension(width, fallback: 600)
        let height = ChartValue.dimension(height, fallback: 300)
        let values = steps.map { ChartValue.clean($0.value) }
        guard let maximum = values.max(), maximum > 0 else {
            return .empty(width: width, height: height, title: title, summary: summary, format: format)
        }
        let labelWidth = width * 0.28
        let figureWidth = width * 0.24
        let left = labelWidth + 8
        let area = max(1, width - figureWidth - 8 - left)
        let center = left + area / 2
        let row = height / Double(steps.count)
        let thickness = row * 0.78
        let widths = values.map { area * $0 / maximum }
        var items: [DrawingItem] = []
        for (index, step) in steps.enumerated() {
            let top = Double(index) * row + (row - thickness) / 2
            let bottom = top + thickness
            let upper = widths[index]
            let lower = index + 1 < widths.count ? min(upper, widths[index + 1]) : upper
            let figures = figureText(values[index], first: values[0], format: format)
            if upper > 0 {
                let corners = [
                    ChartPoint(x: center - upper / 2, y: top), ChartPoint(x: center + upper / 2, y: top),
                    ChartPoint(x: center + lower / 2, y: bottom), ChartPoint(x: center - lower / 2, y: bottom),
                ]
                items.append(.polygon(corners, paint: step.paint, label: "\(step.label): \(figures)"))
            }
            let baseline = top + thickness / 2 + Self.textSize * 0.35
            let label = ChartText.truncate(step.label, maxWidth: labelWidth, size: Self.textSize, bold: false)
            items.append(.text(label, at: ChartPoint(x: 0, y: baseline), size: Self.textSize, anchor: .start, bold: false, paint: .ink))
            let shown = ChartText.truncate(figures, maxWidth: figureWidth, size: Self.textSize, bold: true)
            items.append(.text(shown, at: ChartPoint(x: width, y: baseline), size: Self.textSize, anchor: .end, bold: true, paint: .ink))
        }
        return Drawing(width: width, height: height, title: title, summary: summary, items: items, isEmpty: false)
    }

    public func table(format: ChartFormat) -> ChartTable {
        let first = steps.first.map { ChartValue.clean($0.value) } ?? 0
        let rows = steps.map { step in
            let value = ChartValue.clean(step.value)
            return [step.label, format.number(value), first > 0 ? format.percent(value / first) : format.noValueText]
        }
        return ChartTable(caption: title, columns: ["", format.valueHeader, format.shareHeader], rows: rows)
    }

    /// "12,345 · 42.5%": the value and its share of the first step.
    private func figureText(_ value: Double, first: Double, format: ChartFormat) -> String {
        first > 0 ? "\(format.number(value)) · \(format.percent(value / first))" : format.number(value)
    }
}
