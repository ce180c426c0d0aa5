import Foundation

/// Streaming RFC 4180 CSV writer (CRLF line ends, quotes doubled), buffered in 64 KiB writes.
public final class CSVWriter {
    private let handle: FileHandle
    private let options: CSVWriterOptions
    private var buffer: [UInt8] = []
    private var finished = false
    private static let flushThreshold = 64 * 1024

    /// Creates (or truncates) the file at `url`.
    public init(url: URL, options: CSVWriterOptions = CSVWriterOptions()) throws(SpreadsheetWriteError) {
        guard FileManager.default.createFile(atPath: url.path, contents: nil), let handle = try? FileHandle(forWritingTo: url) else {
            throw .io(reason: "cannot create \(url.path)")
        }
        self.handle = handle
        self.options = options
        if options.byteOrderMark { buffer = [0xEF, 0xBB, 0xBF] }
    }

    deinit { try? handle.close() }

    /// Appends one row.
    public func write(_ row: [String]) throws(SpreadsheetWriteError) {
        guard !finished else { throw .alreadyFinished }
        for (index, field) in row.enumerated() {
            if index > 0 { buffer.append(options.separator.rawValue) }
            buffer.append(contentsOf: Self.encode(field, separator: options.separator, guardsAgainstFormulas: options.guardsAgainstFormulas).utf8)
        }
        buffer.append(contentsOf: [0x0D, 0x0A])
        if buffer.count >= Self.flushThreshold { try flush() }
    }

    /// Writes what is buffered and closes the file.
    public func finish() throws(SpreadsheetWriteError) {
        guard !finished else { throw .alreadyFinished }
        try flush()
        finished = true
        try? handle.close()
    }

    private func flush() throws(SpreadsheetWriteError) {
        do {
            try handle.write(contentsOf: Data(buffer))
        } catch {
            throw .io(reason: error.localizedDescription)
        }
        buffer.removeAll(keepingCapacity: true)
    }

    /// One field, guarded against formulas and quoted when it holds a separator, quote or line break.
    static func encode(_ field: String, separator: CSVSeparator, guardsAgainstFormulas: Bool) -> String {
        var text = field
        if guardsAgainstFormulas, let first = text.unicodeScalars.first, "=+-@\t\r".unicodeScalars.contains(first), !isPlainNumber(text) {
            text = "'" + text
        }
        let special = text.utf8.contains { $0 == separator.rawValue || $0 == 0x22 || $0 == 0x0A || $0 == 0x0D }
        guard special else { return text }
        return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    /// `-12`, `+33612345678`, `-0.5`: a sign, digits, at most one decimal point.
    private static func isPlainNumber(_ text: String) -> Bool {
        let body = text.utf8.dropFirst()
        guard let first = body.first, (0x30...0x39).contains(first) else { return false }
        var seenPoint = false
        for byte in body {
            if byte == UInt8(ascii: ".") && !seenPoint {
                seenPoint = true
            } else if !(0x30...0x39).contains(byte) {
                return false
            }
        }
        return body.last.map { (0x30...0x39).contains($0) } ?? false
    }
}
