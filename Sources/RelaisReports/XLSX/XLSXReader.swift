import Foundation

#if canImport(FoundationXML)
    import FoundationXML
#endif

/// Streaming reader of one sheet of an Excel `.xlsx` workbook.
///
/// Opening checks the file is a real workbook, reads the sheet list, styles and shared strings,
/// and inflates the chosen sheet to a temporary file through counting consumers (zip bombs stop
/// at `XLSXLimits`). The sheet is then parsed by `XMLParser` from that file on a background
/// thread, rows being handed to `next()` through a bounded queue: memory stays flat apart from
/// the shared strings table, which is capped. Any DTD in any part is refused (XXE, billion laughs).
///
/// Call `close()` (or drop the reader) to stop parsing early and delete the temporary files.
public final class XLSXReader: SpreadsheetReader {
    /// Every sheet of the workbook, in tab order.
    public let sheetNames: [String]
    /// The sheet being read.
    public let sheetName: String
    private let channel = XLSXRowChannel()
    private var batch: [SpreadsheetRow] = []
    private var batchIndex = 0
    private let temporaryDirectory: URL

    /// Opens `url` and starts reading `sheet` (by name, exact match first, then ignoring case),
    /// or the first sheet when `sheet` is `nil`.
    public init(url: URL, sheet: String? = nil, limits: XLSXLimits = XLSXLimits()) throws(SpreadsheetError) {
        let archive = try XLSXArchive(url: url, limits: limits)
        let workbook = try XLSXWorkbook.load(from: archive)
        sheetNames = workbook.sheets.map(\.name)
        let chosen = try Self.choose(sheet, in: workbook)
        sheetName = chosen.name
        guard archive.contains(chosen.path) else { throw .corruptXLSX(part: chosen.path, reason: "the sheet's part is missing") }

        temporaryDirectory = FileManager.default.temporaryDirectory.appendingPathComponent("relais-xlsx-\(UUID().uuidString)")
        let sheetFile = temporaryDirectory.appendingPathComponent("sheet.xml")
        let context: XLSXSheetContext
        do {
            try Self.createDirectory(temporaryDirectory)
            let styles = try XLSXStyles.load(from: archive, path: workbook.stylesPath)
            let sharedStrings = try XLSXSharedStrings.load(
                from: archive, path: workbook.sharedStringsPath,
                temporaryFile: temporaryDirectory.appendingPathComponent("sharedStrings.xml"), limits: limits)
            try archive.extract(chosen.path, to: sheetFile)
            context = XLSXSheetContext(
                part: chosen.path, sharedStrings: sharedStrings, styles: styles,
                uses1904Dates: workbook.uses1904Dates, limits: limits.sheet)
        } catch {
            try? FileManager.default.removeItem(at: temporaryDirectory)
            throw error
        }
        Self.startParsing(sheetFile, context: context, channel: channel)
    }

    deinit { close() }

    /// The names of the sheets of `url`, for the import wizard's sheet picker.
    public static func sheetNames(of url: URL, limits: XLSXLimits = XLSXLimits()) throws(SpreadsheetError) -> [String] {
        try XLSXWorkbook.load(from: XLSXArchive(url: url, limits: limits)).sheets.map(\.name)
    }

    /// The next non-blank row, or `nil` at the end of the sheet. Throws when the sheet turns out
    /// unusable (too many columns, malformed XML…) after the rows that came before the problem.
    public func next() throws(SpreadsheetError) -> SpreadsheetRow? {
        while batchIndex == batch.count {
            guard let next = try channel.receive() else { return nil }
            batch = next
            batchIndex = 0
        }
        batchIndex += 1
        return batch[batchIndex - 1]
    }

    /// Stops the parser thread and deletes the temporary files; `next()` then returns `nil`.
    public func close() {
        channel.cancel()
        batch = []
        batchIndex = 0
        // The parser may still hold the sheet file open; unlinking it is safe on POSIX systems.
        try? FileManager.default.removeItem(at: temporaryDirectory)
    }

    private static func choose(_ name: String?, in workbook: XLSXWorkbook) throws(SpreadsheetError) -> XLSXWorkbook.Sheet {
        guard let first = workbook.sheets.first else { throw .noSheets }
        guard let name else { return first }
        let sheet =
            workbook.sheets.first { $0.name == name }
            ?? workbook.sheets.first { $0.name.caseInsensitiveCompare(name) == .orderedSame }
        guard let sheet else { throw .sheetNotFound(name: name, available: workbook.sheets.map(\.name)) }
        return sheet
    }

    private static func createDirectory(_ url: URL) throws(SpreadsheetError) {
        do {
            try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        } catch {
            throw .unreadable(reason: "cannot create a temporary directory: \(error.localizedDescription)")
        }
    }

    /// Runs `XMLParser` over the extracted sheet on a dedicated thread (not the cooperative pool,
    /// which must never block): it waits on the channel whenever the consumer falls behind.
    private static func startParsing(_ sheetFile: URL, context: XLSXSheetContext, channel: XLSXRowChannel) {
        let thread = Thread {
            guard let stream = InputStream(url: sheetFile) else {
                return channel.finish(.unreadable(reason: "temporary copy of \(context.part)"))
            }
            let delegate = XLSXSheetDelegate(context: context, channel: channel)
            do throws(SpreadsheetError) {
                try delegate.run(XMLParser(stream: stream), part: context.part)
                delegate.flush()
                channel.finish(nil)
            } catch {
                delegate.flush()
                channel.finish(error)
            }
        }
        thread.name = "relais.xlsx-reader"
        thread.stackSize = 8 << 20
        thread.start()
    }
}
