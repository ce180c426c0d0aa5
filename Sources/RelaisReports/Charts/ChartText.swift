/// Width estimates for chart labels: the Helvetica advance widths the PDF writer uses, with anything outside
/// WinAnsi (emoji, CJK) counted as one em. Browsers use the system font, close enough for layout decisions.
enum ChartText {
    static let ellipsis = "…"

    /// The estimated width of `text` at `size` points.
    static func width(_ text: String, size: Double, bold: Bool) -> Double {
        var units = 0
        for character in text {
            if let byte = WinAnsi.byte(for: character) {
                units += HelveticaMetrics.width(of: byte, bold: bold)
            } else {
                units += 1000
            }
        }
        return Double(units) * size / 1000
    }

    /// `text` shortened at a character boundary, with "…", so that it fits in `maxWidth`.
    static func truncate(_ text: String, maxWidth: Double, size: Double, bold: Bool) -> String {
        if width(text, size: size, bold: bold) <= maxWidth { return text }
        let limit = maxWidth - width(ellipsis, size: size, bold: bold)
        var kept = ""
        var used = 0.0
        for character in text {
            let next = width(String(character), size: size, bold: bold)
            if used + next > limit { break }
            kept.append(character)
            used += next
        }
        while let last = kept.last, last.isWhitespace { kept.removeLast() }
        return kept + ellipsis
    }
}
