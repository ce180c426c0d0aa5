import Foundation

#if canImport(FoundationXML)
    import FoundationXML
#endif

@testable import RelaisReports

/// Parses rendered SVG with Foundation's XMLParser: proves it is well-formed and collects what tests look at.
final class SVGInspection: NSObject, XMLParserDelegate {
    private(set) var elements: [(name: String, attributes: [String: String])] = []
    private(set) var texts: [String] = []
    private var current = ""
    private(set) var wellFormed = false

    init(_ svg: String) {
        super.init()
        let parser = XMLParser(data: Data(svg.utf8))
        parser.delegate = self
        wellFormed = parser.parse()
    }

    func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?, attributes: [String: String]) {
        elements.append((name, attributes))
        current = ""
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) { current += string }

    func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
        if name == "text" || name == "title" || name == "desc" { texts.append(current) }
        current = ""
    }

    /// The elements called `name`.
    func all(_ name: String) -> [[String: String]] { elements.filter { $0.name == name }.map(\.attributes) }
}

/// The rectangles of a drawing, for asserting geometry without going through text.
func rects(_ drawing: Drawing) -> [(x: Double, y: Double, width: Double, height: Double, paint: Paint, label: String?)] {
    drawing.items.compactMap { item in
        if case .rect(let x, let y, let width, let height, let paint, let label) = item { return (x, y, width, height, paint, label) }
        return nil
    }
}

/// The texts of a drawing.
func texts(_ drawing: Drawing) -> [String] {
    drawing.items.compactMap { item in
        if case .text(let text, _, _, _, _, _) = item { return text }
        return nil
    }
}

/// The polygons of a drawing.
func polygons(_ drawing: Drawing) -> [[ChartPoint]] {
    drawing.items.compactMap { item in
        if case .polygon(let points, _, _) = item { return points }
        return nil
    }
}

extension SVGInspection {
    /// True when no attribute (coordinates, sizes) holds NaN or an infinity.
    var attributesAreFinite: Bool {
        elements.allSatisfy { element in
            element.attributes.values.allSatisfy { value in
                let lower = value.lowercased()
                return !lower.contains("nan") && !lower.contains("inf")
            }
        }
    }
}

/// Equality within a hundredth of a point, the SVG's precision.
func near(_ a: Double, _ b: Double) -> Bool { abs(a - b) < 0.01 }
