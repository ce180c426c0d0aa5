import Foundation

/// Streaming writer of an Excel workbook that Excel and LibreOffice open without repair.
///
/// Each sheet's rows go to their own temporary file as they are appended (several sheets may
/// be filled at the same time); `finish()` zips the parts into the destination. Text is
/// written as inline strings, so no shared strings table is held in memory, and is never
/// evaluated as a formula. The header row (bold on a light blue fill) is frozen; numbers,
/// percentages and dates carry their number formats.
///
/// ```swift
/// let writer = try XLSXWriter(url: output, timeZone: tenantZone)
/// let sheet = try writer.addSheet(name: "Recipients", columns: [XLSXColumn("Phone", width: 18), XLSXColumn("Read at", width: 20)])
/// try sheet.append([.text("+33612345678"), .dateTime(readAt)])
/// try writer.finish()
/// ```
public final class XLSXWriter {
    private let destination: URL
    private let timeZone: TimeZone
    private let temporaryDirectory: URL
    private var sheets: [XLSXSheetWriter] = []
    private var finished = false

    /// Prepares a workbook to be written at `url` (replaced if it exists, only at `finish()`).
    /// Dates are shown as wall-clock times in `timeZone`, the tenant's.
    public init(url: URL, timeZone: TimeZone = .gmt) throws(SpreadsheetWriteError) {
        destination = url
        self.timeZone = timeZone
        temporaryDirectory = FileManager.default.temporaryDirectory.appendingPathComponent("relais-xlsx-out-\(UUID().uuidString)")
        do {
            try FileManager.default.createDirectory(at: temporaryDirectory, withIntermediateDirectories: true)
        } catch {
            throw .io(reason: "cannot create a temporary directory: \(error.localizedDescription)")
        }
    }

    deinit { try? FileManager.default.removeItem(at: temporaryDirectory) }

    /// Adds a sheet and returns the writer for its rows. A header row is written when any
    /// column has a title; it is frozen when `freezeHeader` is true. The name is made valid for
    /// Excel (31 characters, none of `[]:*?/\`) and unique, see `XLSXSheetWriter.name`.
    public func addSheet(name: String, columns: [XLSXColumn] = [], freezeHeader: Bool = true) throws(SpreadsheetWriteError) -> XLSXSheetWriter {
        guard !finished else { throw .alreadyFinished }
        let sheet = try XLSXSheetWriter(
            name: XLSXSheetName.make(name, avoiding: sheets.map(\.name)),
            file: temporaryDirectory.appendingPathComponent("sheet\(sheets.count + 1).xml"),
            columns: columns, freezeHeader: freezeHeader, isFirst: sheets.isEmpty, timeZone: timeZone)
        sheets.append(sheet)
        return sheet
    }

    /// Closes every sheet and zips the workbook into place. A workbook needs at least one
    /// sheet, so an empty "Sheet1" is added when none was.
    public func finish() throws(SpreadsheetWriteError) {
        guard !finished else { throw .alreadyFinished }
        if sheets.isEmpty { _ = try addSheet(name: "Sheet1") }
        finished = true
        for sheet in sheets { try sheet.close() }
        let packageFile = temporaryDirectory.appendingPathComponent("workbook.xlsx")
        var parts: [(path: String, source: XLSXZipPackager.Source)] = [
            ("[Content_Types].xml", .text(XLSXPackageParts.contentTypes(sheetCount: sheets.count))),
            ("_rels/.rels", .text(XLSXPackageParts.rootRelationships)),
            ("xl/workbook.xml", .text(XLSXPackageParts.workbook(sheetNames: sheets.map(\.name)))),
            ("xl/_rels/workbook.xml.rels", .text(XLSXPackageParts.workbookRelationships(sheetCount: sheets.count))),
            ("xl/styles.xml", .text(XLSXPackageParts.styles)),
        ]
        for (index, sheet) in sheets.enumerated() { parts.append(("xl/worksheets/sheet\(index + 1).xml", .file(sheet.file))) }
        do {
            try XLSXZipPackager.write(parts, to: packageFile)
        } catch {
            throw .io(reason: "zipping the workbook: \(error)")
        }
        do {
            if FileManager.default.fileExists(atPath: destination.path) { try FileManager.default.removeItem(at: destination) }
            try FileManager.default.moveItem(at: packageFile, to: destination)
        } catch {
            throw .io(reason: "moving the workbook to \(destination.path): \(error.localizedDescription)")
        }
        try? FileManager.default.removeItem(at: temporaryDirectory)
    }
}
