/// Everything the sheet parser needs besides the sheet itself, built before parsing starts and
/// handed to the parser thread.
struct XLSXSheetContext: Sendable {
    let part: String
    let sharedStrings: XLSXSharedStrings
    let styles: XLSXStyles
    let uses1904Dates: Bool
    let limits: SpreadsheetLimits
}
