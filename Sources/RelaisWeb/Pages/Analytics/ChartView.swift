import Foundation
import RelaisReports

/// A chart as a page shows it (`chart.mustache`): the SVG in a slot, and its data table behind a "show the table"
/// disclosure, for screen readers and for whoever wants the exact figures.
struct ChartView {
    struct Row {
        let cells: [String]
    }

    let id: String
    let title: String
    let svg: String
    let caption: String
    let columns: [String]
    let rows: [Row]
    let empty: Bool

    /// Lays `chart` out in a `width` × `height` box and keeps its SVG in `fragments`. The SVG scales to its card, text
    /// with it: a chart shown in a half-width card is laid out at 420, the card's own width, so its labels keep their size.
    init(_ chart: any Chart, id: String, format: ChartFormat, fragments: inout PageFragments, width: Double = 720, height: Double = 280) {
        let drawing = chart.drawing(width: width, height: height, format: format)
        let table = chart.table(format: format)
        self.id = id
        self.title = drawing.title
        self.svg = fragments.slot(SVGRenderer.render(drawing, id: id))
        self.caption = table.caption
        self.columns = table.columns
        self.rows = table.rows.map { Row(cells: $0) }
        self.empty = drawing.isEmpty
    }
}
