/// Measuring, truncating and wrapping text in Helvetica, by the AFM widths of the bytes actually printed.
enum PDFText {
    static let ellipsis = "…"

    /// The printed width of `text` at `size` points ("?" stands in for characters WinAnsi lacks).
    static func width(_ text: String, size: Double, bold: Bool) -> Double {
        let units = WinAnsi.encode(text).reduce(0) { $0 + HelveticaMetrics.width(of: $1, bold: bold) }
        return Double(units) * size / 1000
    }

    /// `text` cut at a character with "…" so that it prints within `maxWidth`.
    static func truncate(_ text: String, maxWidth: Double, size: Double, bold: Bool) -> String {
        guard width(text, size: size, bold: bold) > maxWidth else { return text }
        let room = maxWidth - width(ellipsis, size: size, bold: bold)
        var kept = ""
        var used = 0.0
        for character in text {
            let next = width(String(character), size: size, bold: bold)
            if used + next > room { break }
            kept.append(character)
            used += next
        }
        while let last = kept.last, last.isWhitespace { kept.removeLast() }
        return kept.isEmpty && room < 0 ? "" : kept + ellipsis
    }

    /// `text` broken into lines no wider than `maxWidth`: at spaces, and inside words longer than a line;
    /// explicit line breaks are kept.
    static func wrap(_ text: String, maxWidth: Double, size: Double, bold: Bool) -> [String] {
        var lines: [String] = []
        for paragraph in text.split(separator: "\n", omittingEmptySubsequences: false) {
            var line = ""
            for word in paragraph.split(separator: " ") {
                let candidate = line.isEmpty ? String(word) : line + " " + word
                if width(candidate, size: size, bold: bold) <= maxWidth {
                    line = candidate
                    continue
                }
                if !line.isEmpty { lines.append(line) }
                line = ""
                for character in word {
                    if !line.isEmpty && width(line + String(character), size: size, bold: bold) > maxWidth {
                        lines.append(line)
                        line = ""
                    }
                    line.append(character)
                }
            }
            lines.append(line)
        }
        return lines
    }
}
