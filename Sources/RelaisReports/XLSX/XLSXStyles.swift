import Foundation

#if canImport(FoundationXML)
    import FoundationXML
#endif

/// The part of `xl/styles.xml` the reader needs: which cell styles (`s="…"`) format numbers as
/// dates, so a serial like `45292` comes out as `2024-01-01`.
struct XLSXStyles: Sendable {
    /// Date kind per index of `<cellXfs>`, `nil` for number styles.
    let dateKinds: [XLSXDateKind?]

    static let none = XLSXStyles(dateKinds: [])

    /// The date kind of style index `style`, if it is a date style.
    func dateKind(ofStyle style: Int) -> XLSXDateKind? {
        dateKinds.indices.contains(style) ? dateKinds[style] : nil
    }

    /// Parses the styles part; a workbook without one has no date styles.
    static func load(from archive: XLSXArchive, path: String?) throws(SpreadsheetError) -> XLSXStyles {
        guard let path, let data = try archive.data(of: path) else { return .none }
        let delegate = StylesDelegate()
        try delegate.run(XMLParser(data: data), part: path)
        let kinds = delegate.cellFormatIDs.map { id -> XLSXDateKind? in
            if let code = delegate.customFormats[id] { return XLSXDateKind.custom(code) }
            return XLSXDateKind.builtIn(id)
        }
        return XLSXStyles(dateKinds: kinds)
    }
}
