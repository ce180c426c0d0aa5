import Foundation
import ZIPFoundation

/// The zip container of a workbook, read defensively: every part is inflated through a
/// counting consumer that aborts past the limits, and scanned for DTDs on the way.
final class XLSXArchive {
    private let archive: Archive
    private let limits: XLSXLimits
    /// Inflated bytes of every part read so far, for `XLSXLimits.maxInflatedBytes`.
    private var totalInflated: Int64 = 0

    /// Opens `url`, refusing anything that is not a zip with a workbook in it.
    init(url: URL, limits: XLSXLimits) throws(SpreadsheetError) {
        self.limits = limits
        let signature: Data
        do {
            let handle = try FileHandle(forReadingFrom: url)
            defer { try? handle.close() }
            signature = try handle.read(upToCount: 4) ?? Data()
        } catch {
            throw .unreadable(reason: "\(url.lastPathComponent): \(error.localizedDescription)")
        }
        // Checked first so a CSV renamed .xlsx gets a plain answer rather than a zip-internal one.
        guard signature.starts(with: [0x50, 0x4B, 0x03, 0x04]) || signature.starts(with: [0x50, 0x4B, 0x05, 0x06]) else {
            throw .notAnXLSX(reason: Self.guess(signature))
        }
        do {
            archive = try Archive(url: url, accessMode: .read)
        } catch {
            throw .notAnXLSX(reason: "the zip archive is damaged: \(error)")
        }
        guard archive["xl/workbook.xml"] != nil else {
            throw .notAnXLSX(reason: "the zip archive has no xl/workbook.xml")
        }
    }

    /// What a file without the zip signature probably is, for a message the user can act on.
    private static func guess(_ signature: Data) -> String {
        if signature.isEmpty { return "the file is empty" }
        // Compound File Binary: Excel 97-2003 .xls, or an .xlsx encrypted with a password.
        if signature.starts(with: [0xD0, 0xCF, 0x11, 0xE0]) { return "it is an old .xls file or a password-protected workbook" }
        return "it is not a zip archive; is it a CSV renamed .xlsx?"
    }

    /// Whether the archive has a part at `path`.
    func contains(_ path: String) -> Bool { archive[path] != nil }

    /// Inflates a small part into memory; `nil` when the part does not exist.
    func data(of path: String) throws(SpreadsheetError) -> Data? {
        guard archive[path] != nil else { return nil }
        var data = Data()
        try inflate(path, maxBytes: limits.maxMetadataPartBytes) { (chunk: Data) throws(SpreadsheetError) in data.append(chunk) }
        return data
    }

    /// Inflates a part to a file, so a large sheet or string table is parsed from disk with flat memory.
    func extract(_ path: String, to destination: URL) throws(SpreadsheetError) {
        guard FileManager.default.createFile(atPath: destination.path, contents: nil),
            let handle = try? FileHandle(forWritingTo: destination)
        else { throw .unreadable(reason: "cannot create a temporary file for \(path)") }
        defer { try? handle.close() }
        try inflate(path, maxBytes: limits.maxInflatedBytes) { (chunk: Data) throws(SpreadsheetError) in
            do { try handle.write(contentsOf: chunk) } catch { throw .unreadable(reason: "temporary file: \(error)") }
        }
    }

    /// Streams a part's inflated bytes to `sink`, throwing as soon as a limit is crossed: the
    /// declared sizes in the zip directory are not trusted, the bytes are counted.
    private func inflate(_ path: String, maxBytes: Int64, sink: (Data) throws(SpreadsheetError) -> Void) throws(SpreadsheetError) {
        guard let entry = archive[path] else { throw .corruptXLSX(part: path, reason: "missing part") }
        let compressed = max(Int64(clamping: entry.compressedSize), 1)
        let partLimit = min(maxBytes, limits.maxInflatedBytes)
        var inflated: Int64 = 0
        var scanner = DoctypeScanner()
        do {
            _ = try archive.extract(entry, bufferSize: 64 * 1024, skipCRC32: false) { chunk in
                inflated += Int64(chunk.count)
                try self.check(path: path, inflated: inflated, compressed: compressed, partLimit: partLimit)
                if scanner.scan(chunk) { throw SpreadsheetError.forbiddenDTD(part: path) }
                try sink(chunk)
            }
        } catch let error as SpreadsheetError {
            throw error
        } catch {
            throw .corruptXLSX(part: path, reason: "\(error)")
        }
        totalInflated += inflated
    }

    private func check(path: String, inflated: Int64, compressed: Int64, partLimit: Int64) throws(SpreadsheetError) {
        if inflated > partLimit || totalInflated + inflated > limits.maxInflatedBytes {
            throw .tooLarge(part: path, limit: min(partLimit, limits.maxInflatedBytes))
        }
        if inflated > limits.compressionRatioGraceBytes && inflated / compressed > limits.maxCompressionRatio {
            throw .zipBomb(part: path, ratio: inflated / compressed, limit: limits.maxCompressionRatio)
        }
    }
}
