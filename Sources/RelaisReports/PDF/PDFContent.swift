/// The operators of one content stream, in PDF coordinates (points, origin bottom-left, y up).
///
/// Text goes in as WinAnsi bytes written as literal strings with octal escapes, so the stream stays ASCII.
struct PDFContent {
    private(set) var bytes: [UInt8] = []

    var isEmpty: Bool { bytes.isEmpty }

    /// Text with its baseline starting at (x, y), in the regular (F1) or bold (F2) font.
    mutating func text(_ text: String, x: Double, y: Double, size: Double, bold: Bool, color: PDFColor) {
        let encoded = WinAnsi.encode(text)
        guard !encoded.isEmpty else { return }
        fill(color)
        append("BT /\(bold ? "F2" : "F1") \(number(size)) Tf \(number(x)) \(number(y)) Td (")
        for byte in encoded {
            switch byte {
            case UInt8(ascii: "("), UInt8(ascii: ")"), UInt8(ascii: "\\"):
                bytes.append(UInt8(ascii: "\\"))
                bytes.append(byte)
            case 0x20...0x7E:
                bytes.append(byte)
            default:
                append("\\" + String(byte, radix: 8).leftPadded(to: 3))
            }
        }
        append(") Tj ET\n")
    }

    /// Text placed by an anchor on its baseline, like SVG's `text-anchor`.
    mutating func text(_ text: String, x: Double, y: Double, size: Double, bold: Bool, color: PDFColor, anchor: TextAnchor) {
        let width = PDFText.width(text, size: size, bold: bold)
        let start: Double
        switch anchor {
        case .start: start = x
        case .middle: start = x - width / 2
        case .end: start = x - width
        }
        self.text(text, x: start, y: y, size: size, bold: bold, color: color)
    }

    mutating func fillRect(x: Double, y: Double, width: Double, height: Double, color: PDFColor) {
        guard width > 0, height > 0 else { return }
        fill(color)
        append("\(number(x)) \(number(y)) \(number(width)) \(number(height)) re f\n")
    }

    mutating func strokeRect(x: Double, y: Double, width: Double, height: Double, color: PDFColor, lineWidth: Double) {
        stroke(color, width: lineWidth, dashed: false)
        append("\(number(x)) \(number(y)) \(number(width)) \(number(height)) re S\n")
    }

    /// An open path through `points`, stroked.
    mutating func strokePath(_ points: [(Double, Double)], color: PDFColor, width: Double, dashed: Bool) {
        guard points.count >= 2 else { return }
        stroke(color, width: width, dashed: dashed)
        path(points)
        append("S\n")
    }

    /// A closed polygon, filled (non-zero rule).
    mutating func fillPolygon(_ points: [(Double, Double)], color: PDFColor) {
        guard points.count >= 3 else { return }
        fill(color)
        path(points)
        append("h f\n")
    }

    private mutating func path(_ points: [(Double, Double)]) {
        for (index, point) in points.enumerated() {
            append("\(number(point.0)) \(number(point.1)) \(index == 0 ? "m" : "l")\n")
        }
    }

    private mutating func fill(_ color: PDFColor) {
        append("\(number(color.red)) \(number(color.green)) \(number(color.blue)) rg ")
    }

    private mutating func stroke(_ color: PDFColor, width: Double, dashed: Bool) {
        append("\(number(color.red)) \(number(color.green)) \(number(color.blue)) RG \(number(width)) w \(dashed ? "[3 2] 0 d" : "[] 0 d") ")
    }

    private mutating func append(_ text: String) { bytes += text.utf8 }

    /// Numbers as PDF accepts them: no exponent, at most three decimals, never NaN.
    private func number(_ value: Double) -> String {
        guard value.isFinite, abs(value) < 1e7 else { return "0" }
        let thousandths = Int64((value * 1000).rounded())
        let sign = thousandths < 0 ? "-" : ""
        let magnitude = abs(thousandths)
        let fraction = magnitude % 1000
        guard fraction != 0 else { return sign + String(magnitude / 1000) }
        var decimals = String(fraction).leftPadded(to: 3)
        while decimals.hasSuffix("0") { decimals.removeLast() }
        return "\(sign)\(magnitude / 1000).\(decimals)"
    }
}

extension String {
    /// Left-padded with zeros to `length`.
    func leftPadded(to length: Int) -> String {
        count >= length ? self : String(repeating: "0", count: length - count) + self
    }
}
