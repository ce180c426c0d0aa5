/// Renders a `Drawing` as a standalone, accessible `<svg>` for server-rendered pages.
///
/// Colours are CSS classes only (no `style=` attribute, which the CSP forbids, and no fixed fill colour), so the
/// light and dark themes come from app.css. Geometry uses presentation attributes, which the CSP allows.
public enum SVGRenderer {
    /// Standalone accessible `<svg>` (role="img", aria-labelledby its `<title>` and `<desc>`, a viewBox), text
    /// escaped. `id` makes element ids unique on a page; it is reduced to letters, digits, "-" and "_".
    public static func render(_ drawing: Drawing, id: String) -> String {
        let base = safeID(id)
        let width = ChartValue.dimension(drawing.width, fallback: 600)
        let height = ChartValue.dimension(drawing.height, fallback: 300)
        var svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\(drawing.isEmpty ? " chart-empty" : "")\""
        svg += " id=\"\(base)\" role=\"img\" aria-labelledby=\"\(base)-title \(base)-desc\""
        svg += " viewBox=\"0 0 \(SVGNumber.format(width)) \(SVGNumber.format(height))\""
        svg += " width=\"\(SVGNumber.format(width))\" height=\"\(SVGNumber.format(height))\">"
        svg += "<title id=\"\(base)-title\">\(XMLText.escaped(drawing.title))</title>"
        svg += "<desc id=\"\(base)-desc\">\(XMLText.escaped(drawing.summary))</desc>"
        for item in drawing.items { append(item, to: &svg) }
        svg += "</svg>"
        return svg
    }

    private static func append(_ item: DrawingItem, to svg: inout String) {
        switch item {
        case .rect(let x, let y, let width, let height, let paint, let label):
            svg += "<rect class=\"\(paint.cssClass)\" x=\"\(SVGNumber.format(x))\" y=\"\(SVGNumber.format(y))\""
            svg += " width=\"\(SVGNumber.format(max(0, width)))\" height=\"\(SVGNumber.format(max(0, height)))\""
            close(label: label, element: "rect", to: &svg)
        case .line(let from, let to, let paint, let width, let dashed):
            svg += "<line class=\"\(paint.cssClass)\" x1=\"\(SVGNumber.format(from.x))\" y1=\"\(SVGNumber.format(from.y))\""
            svg += " x2=\"\(SVGNumber.format(to.x))\" y2=\"\(SVGNumber.format(to.y))\" stroke-width=\"\(SVGNumber.format(width))\""
            svg += dashed ? " stroke-dasharray=\"4 3\"/>" : "/>"
        case .polyline(let points, let paint, let width):
            svg += "<polyline class=\"\(paint.cssClass)\" points=\"\(SVGNumber.points(points))\""
            svg += " fill=\"none\" stroke-width=\"\(SVGNumber.format(width))\" stroke-linejoin=\"round\"/>"
        case .polygon(let points, let paint, let label):
            svg += "<polygon class=\"\(paint.cssClass)\" points=\"\(SVGNumber.points(points))\""
            close(label: label, element: "polygon", to: &svg)
        case .text(let text, let at, let size, let anchor, let bold, let paint):
            svg += "<text class=\"\(paint.cssClass)\" x=\"\(SVGNumber.format(at.x))\" y=\"\(SVGNumber.format(at.y))\""
            svg += " font-size=\"\(SVGNumber.format(size))\""
            switch anchor {
            case .start: break
            case .middle: svg += " text-anchor=\"middle\""
            case .end: svg += " text-anchor=\"end\""
            }
            if bold { svg += " font-weight=\"bold\"" }
            svg += ">\(XMLText.escaped(text))</text>"
        }
    }

    /// Ends a shape, with its tooltip as an SVG `<title>` child when it has one.
    private static func close(label: String?, element: String, to svg: inout String) {
        if let label, !label.isEmpty {
            svg += "><title>\(XMLText.escaped(label))</title></\(element)>"
        } else {
            svg += "/>"
        }
    }

    private static func safeID(_ id: String) -> String {
        let kept = id.unicodeScalars.filter { $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0) || $0 == "-" || $0 == "_") }
        let text = String(String.UnicodeScalarView(kept))
        return text.isEmpty || !(text.first?.isLetter ?? false) ? "chart-" + text : text
    }
}

/// Coordinates as short decimal text: two decimals at most, never "nan" or "inf".
enum SVGNumber {
    static func format(_ value: Double) -> String {
        guard value.isFinite else { return "0" }
        let hundredths = (value * 100).rounded()
        guard abs(hundredths) < 1e15 else { return "0" }
        let integer = Int64(hundredths)
        if integer % 100 == 0 { return String(integer / 100) }
        let sign = integer < 0 ? "-" : ""
        let magnitude = abs(integer)
        let fraction = magnitude % 100
        let fractionText = fraction % 10 == 0 ? String(fraction / 10) : (fraction < 10 ? "0\(fraction)" : String(fraction))
        return "\(sign)\(magnitude / 100).\(fractionText)"
    }

    static func points(_ points: [ChartPoint]) -> String {
        points.map { format($0.x) + "," + format($0.y) }.joined(separator: " ")
    }
}
