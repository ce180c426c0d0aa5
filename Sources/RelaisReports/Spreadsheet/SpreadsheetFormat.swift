import Foundation

/// The formats the contact import accepts, and the choice between them for an upload.
public enum SpreadsheetFormat: String, Sendable, Equatable, CaseIterable {
    case csv
    case xlsx

    /// The format of an uploaded file from its original name, checked against its first bytes.
    ///
    /// A name ending in `.xlsx`/`.xlsm` means XLSX even when the content is not a zip, so that a
    /// CSV renamed `.xlsx` gets `SpreadsheetError.notAnXLSX` rather than being silently read;
    /// anything else is XLSX only if it starts with the zip signature (a workbook renamed
    /// `.csv`), otherwise CSV.
    public static func detect(url: URL, fileName: String) -> SpreadsheetFormat {
        let fileExtension = (fileName as NSString).pathExtension.lowercased()
        if fileExtension == "xlsx" || fileExtension == "xlsm" { return .xlsx }
        let handle = try? FileHandle(forReadingFrom: url)
        defer { try? handle?.close() }
        let signature = (try? handle?.read(upToCount: 4)) ?? nil
        return signature?.starts(with: [0x50, 0x4B, 0x03, 0x04]) == true ? .xlsx : .csv
    }

    /// Opens a reader of this format; `sheet` only matters for XLSX (first sheet when `nil`).
    public func makeReader(
        url: URL, csvOptions: CSVReaderOptions = CSVReaderOptions(), xlsxLimits: XLSXLimits = XLSXLimits(), sheet: String? = nil
    ) throws(SpreadsheetError) -> any SpreadsheetReader {
        switch self {
        case .csv: try CSVReader(url: url, options: csvOptions)
        case .xlsx: try XLSXReader(url: url, sheet: sheet, limits: xlsxLimits)
        }
    }
}
