/// How a `CSVReader` reads a file; every field has a sensible default.
public struct CSVReaderOptions: Sendable, Equatable {
    /// Forced encoding, or `nil` to detect it (BOM, UTF-16 zero bytes, UTF-8 validity, else Windows-1252).
    public var encoding: CSVEncoding?
    /// Forced separator, or `nil` to detect it from the first lines (counted outside quotes).
    public var separator: CSVSeparator?
    /// Column and cell limits shared with the XLSX reader.
    public var limits: SpreadsheetLimits
    /// Bytes read from the file at a time; memory use is a small multiple of this.
    public var chunkSize: Int

    /// Creates options; by default everything is detected and chunks are 64 KiB.
    public init(
        encoding: CSVEncoding? = nil, separator: CSVSeparator? = nil,
        limits: SpreadsheetLimits = SpreadsheetLimits(), chunkSize: Int = 64 * 1024
    ) {
        self.encoding = encoding
        self.separator = separator
        self.limits = limits
        self.chunkSize = max(chunkSize, 16)
    }
}
