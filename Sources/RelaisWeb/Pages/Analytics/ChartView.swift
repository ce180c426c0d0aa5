import Foundation
import Mustache
import RelaisReports

/// A chart as a page shows it (`chart.mustache`): the SVG in a slot, and its data table behind a "show the table"
/// disclosure, for screen readers and for whoever wants the exact figures.
///
/// Both types name their fields to Mustache themselves: a chart's table has up to a few hundred rows, and Mustache
/// otherwise reflects (`Mirror`) over the row, then over every enclosing model, for each name it looks up, which
/// was a fifth of the dashboard's server time.
struct ChartView: MustacheParent {
    struct Row: MustacheParent {
        let cells: [String]

        func child(named name: String) -> Any? { name == "cells" ? cells : nil }
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

    func child(named name: String) -> Any? {
        switch name {
        case "id": id
        case "title": title
        case "svg": svg
        case "caption": caption
        case "columns": columns
        case "rows": rows
        case "empty": empty
        default: nil
        }
    }
}
