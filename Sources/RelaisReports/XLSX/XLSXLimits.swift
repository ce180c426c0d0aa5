/// Limits that keep a hostile workbook (zip bomb, giant shared strings table) from exhausting
/// memory or disk; the defaults fit a 1,000,000-row contact list.
public struct XLSXLimits: Sendable, Equatable {
    /// Column and cell limits, the same as for CSV.
    public var sheet: SpreadsheetLimits
    /// Bytes all the parts read from one workbook may inflate to, in total (default 1 GiB).
    public var maxInflatedBytes: Int64
    /// How many times its compressed size a part may inflate to (default 100, Apache POI's
    /// choice); checked only past `compressionRatioGraceBytes`, as tiny parts compress oddly.
    public var maxCompressionRatio: Int64
    /// Inflated size below which the ratio is not checked (default 1 MiB).
    public var compressionRatioGraceBytes: Int64
    /// Entries of the shared strings table (default 4,000,000).
    public var maxSharedStrings: Int
    /// UTF-8 bytes of text in the shared strings table, which must stay in memory (default 128 MiB).
    public var maxSharedStringBytes: Int
    /// Inflated size of each small part read into memory: workbook, relationships, styles (default 16 MiB).
    public var maxMetadataPartBytes: Int64

    /// Creates limits with the defaults above.
    public init(
        sheet: SpreadsheetLimits = SpreadsheetLimits(), maxInflatedBytes: Int64 = 1 << 30,
        maxCompressionRatio: Int64 = 100, compressionRatioGraceBytes: Int64 = 1 << 20,
        maxSharedStrings: Int = 4_000_000, maxSharedStringBytes: Int = 128 << 20,
        maxMetadataPartBytes: Int64 = 16 << 20
    ) {
        self.sheet = sheet
        self.maxInflatedBytes = maxInflatedBytes
        self.maxCompressionRatio = maxCompressionRatio
        self.compressionRatioGraceBytes = compressionRatioGraceBytes
        self.maxSharedStrings = maxSharedStrings
        self.maxSharedStringBytes = maxSharedStringBytes
        self.maxMetadataPartBytes = maxMetadataPartBytes
    }
}
