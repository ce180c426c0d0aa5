/// A4 portrait and the report's margins, in points.
enum PDFPageGeometry {
    static let width = 595.0
    static let height = 842.0
    static let marginLeft = 48.0
    static let marginRight = 48.0
    /// Content starts below the running header and stops above the footer.
    static let contentTop = 842.0 - 58
    static let contentBottom = 56.0
    static let headerBaseline = 842.0 - 34
    static let footerBaseline = 30.0
    static var contentWidth: Double { width - marginLeft - marginRight }
}
