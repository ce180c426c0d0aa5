import Foundation

#if canImport(FoundationXML)
    import FoundationXML
#endif

/// What `xl/workbook.xml` and its relationships say: the sheets in order, where their parts
/// are, where the shared strings and styles live, and the date system.
struct XLSXWorkbook {
    /// A sheet's display name and the zip path of its XML part.
    struct Sheet {
        let name: String
        let path: String
    }

    let sheets: [Sheet]
    let sharedStringsPath: String?
    let stylesPath: String?
    /// Mac Excel's old 1904 date system shifts every serial date by 1,462 days.
    let uses1904Dates: Bool

    /// Reads the workbook part and its relationships from `archive`.
    static func load(from archive: XLSXArchive) throws(SpreadsheetError) -> XLSXWorkbook {
        let workbookPath = "xl/workbook.xml"
        guard let workbookData = try archive.data(of: workbookPath) else { throw .notAnXLSX(reason: "no \(workbookPath)") }
        let workbook = WorkbookDelegate()
        try workbook.run(XMLParser(data: workbookData), part: workbookPath)

        let relsPath = "xl/_rels/workbook.xml.rels"
        let relationships = RelationshipsDelegate()
        if let relsData = try archive.data(of: relsPath) {
            try relationships.run(XMLParser(data: relsData), part: relsPath)
        }
        let sheets = workbook.sheets.compactMap { sheet -> Sheet? in
            guard let target = relationships.targets[sheet.relationshipID] else { return nil }
            return Sheet(name: sheet.name, path: resolve(target))
        }
        func part(ofType suffix: String, fallback: String) -> String? {
            if let target = relationships.typedTargets.first(where: { $0.type.hasSuffix(suffix) })?.target { return resolve(target) }
            return archive.contains(fallback) ? fallback : nil
        }
        return XLSXWorkbook(
            sheets: sheets,
            sharedStringsPath: part(ofType: "/sharedStrings", fallback: "xl/sharedStrings.xml"),
            stylesPath: part(ofType: "/styles", fallback: "xl/styles.xml"),
            uses1904Dates: workbook.uses1904Dates)
    }

    /// Relationship targets are relative to `xl/` unless absolute from the package root.
    static func resolve(_ target: String) -> String {
        if target.hasPrefix("/") { return String(target.dropFirst()) }
        var components = ["xl"]
        for component in target.split(separator: "/") {
            if component == ".." { _ = components.popLast() } else if component != "." { components.append(String(component)) }
        }
        return components.joined(separator: "/")
    }
}
