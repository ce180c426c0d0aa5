import Foundation

/// Parts of a whole (messages by final status), as a ring starting at twelve o'clock, clockwise, the total in
/// the middle and a legend giving each part's value and share.
public struct DonutChart: Chart {
    public var title: String
    public var summary: String
    public var slices: [(label: String, value: Double, paint: Paint)]

    static let legendSize = 12.0
    static let legendRow = 20.0

    public init(title: String, summary: String, slices: [(label: String, value: Double, paint: Paint)]) {
        self.title = title
        self.summary = summary
        self.slices = slices
    }

    public func drawing(width: Double, height: Double, format: ChartFormat) -> Drawing {
        let width = ChartValue.dimension(width, fallback: 600)
        let height = ChartValue.dimension(height, fallback: 300)
        let values = slices.map { ChartValue.clean($0.value) }
        let total = values.reduce(0, +)
        guard total > 0 else { return .empty(width: width, height: height, title: title, summary: summary, format: format) }
        let radius = min(height - 16, width * 0.45) / 2
        let center = ChartPoint(x: 8 + radius, y: height / 2)
        var items: [DrawingItem] = []
        var start = 0.0
        for (index, slice) in slices.enumerated() where values[index] > 0 {
            let end = start + values[index] / total
            let ring = Self.ring(center: center, outer: radius, inner: radius * 0.6, from: start, to: end)
            items.append(.polygon(ring, paint: slice.paint, label: "\(slice.label): \(figures(values[index], total: total, format: format))"))
            start = end
        }
        items.append(
            .text(format.number(total), at: ChartPoint(x: center.x, y: center.y + 6), size: 17, anchor: .middle, bold: true, paint: .ink))
        items += legend(values: values, total: total, left: center.x + radius + 24, width: width, height: height, format: format)
        return Drawing(width: width, height: height, title: title, summary: summary, items: items, isEmpty: false)
    }

    public func table(format: ChartFormat) -> ChartTable {
        let values = slices.map { ChartValue.clean($0.value) }
        let total = values.reduce(0, +)
        let rows = slices.indices.map { index in
            [slices[index].label, format.number(values[index]), total > 0 ? format.percent(values[index] / total) : format.noValueText]
        }
        return ChartTable(caption: title, columns: ["", format.valueHeader, format.shareHeader], rows: rows)
    }

    /// The legend rows, vertically centred; rows that do not fit the height are left out.
    private func legend(values: [Double], total: Double, left: Double, width: Double, height: Double, format: ChartFormat) -> [DrawingItem] {
        let fitting = min(slices.count, max(1, Int(height / Self.legendRow)))
        var y = (height - Double(fitting) * Self.legendRow) / 2
        var items: [DrawingItem] = []
        for index in 0..<fitting {
            let numbers = figures(values[index], total: total, format: format)
            let numbersWidth = ChartText.width(numbers, size: Self.legendSize, bold: true)
            let room = max(10, width - left - 16 - numbersWidth - 10)
            let label = ChartText.truncate(slices[index].label, maxWidth: room, size: Self.legendSize, bold: false)
            items.append(.rect(x: left, y: y + 5, width: 10, height: 10, paint: slices[index].paint, label: nil))
            items.append(.text(label, at: ChartPoint(x: left + 16, y: y + 14), size: Self.legendSize, anchor: .start, bold: false, paint: .ink))
            items.append(.text(numbers, at: ChartPoint(x: width, y: y + 14), size: Self.legendSize, anchor: .end, bold: true, paint: .ink))
            y += Self.legendRow
        }
        return items
    }

    private func figures(_ value: Double, total: Double, format: ChartFormat) -> String {
        "\(format.number(value)) (\(format.percent(value / total)))"
    }

    /// A ring sector from share `from` to share `to` of the turn, as one polygon: outer arc forward, inner back.
    static func ring(center: ChartPoint, outer: Double, inner: Double, from: Double, to: Double) -> [ChartPoint] {
        let segments = max(2, Int(((to - from) * 120).rounded(.up)))
        let angles = (0...segments).map { (from + (to - from) * Double($0) / Double(segments)) * 2 * Double.pi - Double.pi / 2 }
        let outerArc = angles.map { ChartPoint(x: center.x + outer * cos($0), y: center.y + outer * sin($0)) }
        let innerArc = angles.reversed().map { ChartPoint(x: center.x + inner * cos($0), y: center.y + inner * sin($0)) }
        return outerArc + innerArc
    }
}
