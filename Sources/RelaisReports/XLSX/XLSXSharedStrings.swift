import Foundation

#if canImport(FoundationXML)
    import FoundationXML
#endif

/// The workbook's shared strings table, which cells of type `s` index into.
///
/// It must be held in memory for random access, so its size is capped by
/// `XLSXLimits.maxSharedStrings` and `maxSharedStringBytes`. Entries longer than the cell limit
/// are not kept: only their length is, to reject the rows that use them.
struct XLSXSharedStrings: Sendable {
    let strings: [String]
    /// UTF-8 length of the entries over `SpreadsheetLimits.maxCellBytes`, by index.
    let oversized: [Int: Int]

    static let empty = XLSXSharedStrings(strings: [], oversized: [:])

    /// Extracts the part to `temporaryFile` and parses it from there as a stream.
    static func load(
        from archive: XLSXArchive, path: String?, temporaryFile: URL, limits: XLSXLimits
    ) throws(SpreadsheetError) -> XLSXSharedStrings {
        guard let path, archive.contains(path) else { return .empty }
        try archive.extract(path, to: temporaryFile)
        defer { try? FileManager.default.removeItem(at: temporaryFile) }
        guard let stream = InputStream(url: temporaryFile) else { throw .unreadable(reason: "temporary copy of \(path)") }
        let delegate = SharedStringsDelegate(limits: limits)
        try delegate.run(XMLParser(stream: stream), part: path)
        return XLSXSharedStrings(strings: delegate.strings, oversized: delegate.oversized)
    }
}
