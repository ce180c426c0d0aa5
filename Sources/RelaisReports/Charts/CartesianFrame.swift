/// The shared frame of the line and stacked-bar charts: a legend on top, a value axis with nice ticks and
/// gridlines on the left, category labels under the plot, thinned so they never overlap (3,650 daily
/// categories show one label every few months).
struct CartesianFrame {
    static let labelSize = 11.0
    static let legendSize = 11.0

    let width: Double
    let height: Double
    let scale: NiceScale
    let plotLeft: Double
    let plotRight: Double
    let plotTop: Double
    let plotBottom: Double
    let valueText: (Double) -> String

    /// Lays the frame out for values up to `maximum`, with room for a legend when there are `legendEntries`.
    init(width: Double, height: Double, maximum: Double, hasLegend: Bool, valueText: @escaping (Double) -> String) {
        self.width = width
        self.height = height
        self.valueText = valueText
        scale = NiceScale(dataMaximum: maximum)
        let widestTick = scale.ticks.map { ChartText.width(valueText($0), size: Self.labelSize, bold: false) }.max() ?? 0
        plotLeft = min(width * 0.4, max(28, widestTick + 10))
        plotRight = max(plotLeft + 1, width - 12)
        plotTop = hasLegend ? 34 : 12
        plotBottom = max(plotTop + 1, height - 26)
    }

    var plotWidth: Double { plotRight - plotLeft }

    /// The y coordinate of `value`.
    func y(_ value: Double) -> Double { scale.position(value, bottom: plotBottom, top: plotTop) }

    /// Gridlines and tick labels of the value axis, plus the baseline.
    func valueAxis() -> [DrawingItem] {
        var items: [DrawingItem] = []
        for tick in scale.ticks {
            let y = y(tick)
            if tick > 0 {
                items.append(.line(from: ChartPoint(x: plotLeft, y: y), to: ChartPoint(x: plotRight, y: y), paint: .grid, width: 1, dashed: true))
            }
            items.append(.text(valueText(tick), at: ChartPoint(x: plotLeft - 6, y: y + 4), size: Self.labelSize, anchor: .end, bold: false, paint: .muted))
        }
        items.append(.line(from: ChartPoint(x: plotLeft, y: plotBottom), to: ChartPoint(x: plotRight, y: plotBottom), paint: .grid, width: 1, dashed: false))
        return items
    }

    /// Category labels under the plot at `x(index)`, every `step`-th one so that they fit side by side.
    func categoryLabels(_ categories: [String], x: (Int) -> Double) -> [DrawingItem] {
        guard !categories.isEmpty else { return [] }
        let widest = categories.lazy.prefix(400).map { ChartText.width($0, size: Self.labelSize, bold: false) }.max() ?? 0
        let labelWidth = min(110, max(16, widest))
        let slots = max(1, Int(plotWidth / (labelWidth + 10)))
        let step = max(1, (categories.count + slots - 1) / slots)
        let room = min(110, max(16, plotWidth / Double(min(slots, categories.count)) - 8))
        var items: [DrawingItem] = []
        for index in stride(from: 0, to: categories.count, by: step) {
            let text = ChartText.truncate(categories[index], maxWidth: room, size: Self.labelSize, bold: false)
            items.append(.text(text, at: ChartPoint(x: x(index), y: plotBottom + 16), size: Self.labelSize, anchor: .middle, bold: false, paint: .muted))
        }
        return items
    }

    /// A one-row legend above the plot: a swatch and the series name, names truncated to share the width.
    func legend(_ entries: [(name: String, paint: Paint)]) -> [DrawingItem] {
        guard !entries.isEmpty else { return [] }
        let slot = (width - plotLeft) / Double(entries.count)
        var items: [DrawingItem] = []
        for (offset, entry) in entries.enumerated() {
            let x = plotLeft + Double(offset) * slot
            let text = ChartText.truncate(entry.name, maxWidth: max(10, slot - 22), size: Self.legendSize, bold: false)
            items.append(.rect(x: x, y: 9, width: 10, height: 10, paint: entry.paint, label: nil))
            items.append(.text(text, at: ChartPoint(x: x + 14, y: 18), size: Self.legendSize, anchor: .start, bold: false, paint: .ink))
        }
        return items
    }
}
