import Foundation

/// Streaming CSV reader: reads the file in chunks and hands out one row at a time, so memory
/// stays flat whatever the file size.
///
/// Encoding and separator are detected from the first chunk unless forced (`encoding`,
/// `separator` tell what was used, for the import wizard's preview). Quoting follows RFC 4180:
/// quoted fields may hold separators, doubled quotes and line breaks (CRLF, LF or CR). Rows whose
/// cells are all empty are skipped, but still count in row numbers.
public final class CSVReader: SpreadsheetReader {
    /// The encoding in use (detected or forced).
    public var encoding: CSVEncoding { source.encoding }
    /// The separator in use (detected or forced).
    public let separator: CSVSeparator
    let limits: SpreadsheetLimits
    let source: CSVByteSource
    let separatorByte: UInt8

    // Parser state, kept across chunks because a record can span any number of them.
    var chunk: [UInt8] = []
    var position = 0
    var state = CSVParseState.fieldStart
    var skipLineFeed = false
    var recordStarted = false
    var cells: [String] = []
    var field: [UInt8] = []
    var fieldLength = 0
    var columnCount = 0
    var oversized: SpreadsheetRowRejection?
    var rowNumber = 1
    var finished = false

    /// Opens `url` and detects its format; throws `.unreadable` if it cannot be opened.
    public init(url: URL, options: CSVReaderOptions = CSVReaderOptions()) throws(SpreadsheetError) {
        source = try CSVByteSource(url: url, forcedEncoding: options.encoding, chunkSize: options.chunkSize)
        separator =
            options.separator
            ?? CSVFormatSniffer.detectSeparator(source.sample, isWholeFile: source.sample.count < options.chunkSize)
        separatorByte = separator.rawValue
        limits = options.limits
    }

    /// The next non-blank row, or `nil` at the end of the file.
    ///
    /// Throws `.tooManyColumns` (the whole file is unusable) or `.unterminatedQuote` at the end
    /// of a file whose last quoted field never closes. A cell over the size limit only rejects
    /// its row, which comes back with `rejection` set.
    public func next() throws(SpreadsheetError) -> SpreadsheetRow? {
        guard !finished else { return nil }
        while true {
            if position == chunk.count {
                guard let more = try source.nextChunk() else { return try finishAtEndOfFile() }
                chunk = more
                position = 0
                continue
            }
            let byte = chunk[position]
            position += 1
            if let row = try consume(byte) { return row }
        }
    }

    /// Completes the last record when the file does not end with a line break.
    private func finishAtEndOfFile() throws(SpreadsheetError) -> SpreadsheetRow? {
        finished = true
        chunk = []
        if state == .quoted { throw .unterminatedQuote(row: rowNumber) }
        guard recordStarted else { return nil }
        endField()
        return try endRecord()
    }
}
