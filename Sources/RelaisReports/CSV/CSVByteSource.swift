import Foundation

/// Reads a CSV file chunk by chunk and hands out ASCII-transparent bytes: UTF-8 or single-byte
/// text as it is, UTF-16 transcoded to UTF-8, the byte order mark removed.
///
/// Transcoding UTF-16 up front lets one byte-level parser serve every encoding: separators,
/// quotes and line breaks are then always single ASCII bytes.
final class CSVByteSource {
    let encoding: CSVEncoding
    private let handle: FileHandle
    private let chunkSize: Int
    /// The first chunk, already decoded, kept for separator detection and handed out first.
    private(set) var sample: [UInt8]
    private var sampleDelivered = false
    private var pendingByte: UInt8?
    private var pendingHighSurrogate: UInt16?
    private var reachedEnd = false

    /// Opens the file, reads the first chunk and settles the encoding.
    init(url: URL, forcedEncoding: CSVEncoding?, chunkSize: Int) throws(SpreadsheetError) {
        do {
            handle = try FileHandle(forReadingFrom: url)
        } catch {
            throw .unreadable(reason: "\(url.lastPathComponent): \(error.localizedDescription)")
        }
        self.chunkSize = chunkSize
        let first = try Self.read(handle, count: chunkSize)
        reachedEnd = first.count < chunkSize
        let detected = CSVFormatSniffer.detectEncoding(first)
        encoding = forcedEncoding ?? detected.encoding
        // A BOM is dropped only when it belongs to the encoding in use; a forced Latin-1 keeps
        // whatever bytes the caller asked to see.
        let bomLength = detected.encoding == encoding ? detected.bomLength : 0
        sample = []
        sample = transcode(first[bomLength...])
    }

    deinit { try? handle.close() }

    /// The next chunk of ASCII-transparent bytes, or `nil` at the end of the file.
    func nextChunk() throws(SpreadsheetError) -> [UInt8]? {
        if !sampleDelivered {
            sampleDelivered = true
            if !sample.isEmpty || !reachedEnd {
                let first = sample
                sample = []  // The parser now owns it; keep memory flat.
                return first
            }
        }
        while !reachedEnd {
            let raw = try Self.read(handle, count: chunkSize)
            reachedEnd = raw.count < chunkSize
            let bytes = transcode(raw[...])
            if !bytes.isEmpty { return bytes }
        }
        return flushPending()
    }

    private static func read(_ handle: FileHandle, count: Int) throws(SpreadsheetError) -> [UInt8] {
        do {
            return [UInt8](try handle.read(upToCount: count) ?? Data())
        } catch {
            throw .unreadable(reason: error.localizedDescription)
        }
    }

    private func transcode(_ raw: ArraySlice<UInt8>) -> [UInt8] {
        switch encoding {
        case .utf8, .windows1252, .latin1: return Array(raw)
        case .utf16LittleEndian, .utf16BigEndian: return transcodeUTF16(raw)
        }
    }

    /// UTF-16 to UTF-8, carrying an odd byte or a high surrogate over to the next chunk.
    private func transcodeUTF16(_ raw: ArraySlice<UInt8>) -> [UInt8] {
        var output: [UInt8] = []
        output.reserveCapacity(raw.count)
        var index = raw.startIndex
        var first = pendingByte
        pendingByte = nil
        while index < raw.endIndex {
            guard let lead = first else {
                first = raw[index]
                index += 1
                continue
            }
            let second = raw[index]
            index += 1
            first = nil
            let unit = encoding == .utf16LittleEndian ? UInt16(lead) | UInt16(second) << 8 : UInt16(lead) << 8 | UInt16(second)
            appendUnit(unit, to: &output)
        }
        pendingByte = first
        return output
    }

    private func appendUnit(_ unit: UInt16, to output: inout [UInt8]) {
        if let high = pendingHighSurrogate {
            pendingHighSurrogate = nil
            if UTF16.isTrailSurrogate(unit) {
                let value = 0x10000 + (UInt32(high - 0xD800) << 10) + UInt32(unit - 0xDC00)
                append(Unicode.Scalar(value), to: &output)
                return
            }
            output.append(contentsOf: replacement)
        }
        if UTF16.isLeadSurrogate(unit) {
            pendingHighSurrogate = unit
        } else {
            append(Unicode.Scalar(unit), to: &output)
        }
    }

    private func append(_ scalar: Unicode.Scalar?, to output: inout [UInt8]) {
        guard let scalar else { return output.append(contentsOf: replacement) }
        UTF8.encode(scalar) { output.append($0) }
    }

    private func flushPending() -> [UInt8]? {
        var output: [UInt8] = []
        if pendingHighSurrogate != nil { output.append(contentsOf: replacement) }
        if pendingByte != nil { output.append(contentsOf: replacement) }
        pendingHighSurrogate = nil
        pendingByte = nil
        return output.isEmpty ? nil : output
    }

    private var replacement: [UInt8] { [0xEF, 0xBF, 0xBD] }
}
