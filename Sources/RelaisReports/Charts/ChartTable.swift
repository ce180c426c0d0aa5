/// The data table behind a chart: shown on demand under the SVG, and reused for the PDF and XLSX exports.
public struct ChartTable: Sendable, Equatable {
    public var caption: String
    public var columns: [String]
    public var rows: [[String]]

    public init(caption: String, columns: [String], rows: [[String]]) {
        self.caption = caption
        self.columns = columns
        self.rows = rows
    }
}
