/// Draws a chart's `Drawing` into a PDF page as vectors, the same items the SVG renderer draws.
enum PDFDrawingRenderer {
    /// Draws `drawing` scaled to fit `width` × `height` points with its top-left corner at (`left`, `top`) in
    /// page coordinates (y up). Returns the height actually used.
    @discardableResult
    static func draw(_ drawing: Drawing, into content: inout PDFContent, left: Double, top: Double, width: Double, height: Double) -> Double {
        let sourceWidth = ChartValue.dimension(drawing.width, fallback: 600)
        let sourceHeight = ChartValue.dimension(drawing.height, fallback: 300)
        let scale = min(width / sourceWidth, height / sourceHeight)
        func map(_ point: ChartPoint) -> (Double, Double) { (left + point.x * scale, top - point.y * scale) }
        for item in drawing.items {
            switch item {
            case .rect(let x, let y, let rectWidth, let rectHeight, let paint, _):
                let corner = map(ChartPoint(x: x, y: y + max(0, rectHeight)))
                content.fillRect(x: corner.0, y: corner.1, width: max(0, rectWidth) * scale, height: max(0, rectHeight) * scale, color: PDFColor(paint))
            case .line(let from, let to, let paint, let lineWidth, let dashed):
                content.strokePath([map(from), map(to)], color: PDFColor(paint), width: lineWidth * scale, dashed: dashed)
            case .polyline(let points, let paint, let lineWidth):
                content.strokePath(points.map(map), color: PDFColor(paint), width: lineWidth * scale, dashed: false)
            case .polygon(let points, let paint, _):
                content.fillPolygon(points.map(map), color: PDFColor(paint))
            case .text(let text, let at, let size, let anchor, let bold, let paint):
                let point = map(at)
                content.text(text, x: point.0, y: point.1, size: size * scale, bold: bold, color: PDFColor(paint), anchor: anchor)
            }
        }
        return sourceHeight * scale
    }
}
