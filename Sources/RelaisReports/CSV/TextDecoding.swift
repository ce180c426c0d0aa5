/// Turns the raw bytes of one field into a `String`.
///
/// The CSV parser works on bytes that are ASCII-transparent (UTF-8, or single-byte encodings),
/// so only complete fields are decoded, never a chunk that could end inside a character.
enum TextDecoding {
    /// Decodes a field; UTF-8 fields that turn out invalid fall back to Windows-1252, because a
    /// file detected as UTF-8 from its first 64 KiB can still hold a stray Latin-1 name further down.
    static func decode(_ bytes: ArraySlice<UInt8>, as encoding: CSVEncoding) -> String {
        switch encoding {
        case .utf8, .utf16LittleEndian, .utf16BigEndian:
            // UTF-16 input has been transcoded to UTF-8 by `CSVByteSource`.
            if let text = String(validating: bytes, as: UTF8.self) { return text }
            return decodeSingleByte(bytes, table: windows1252High)
        case .windows1252: return decodeSingleByte(bytes, table: windows1252High)
        case .latin1: return decodeSingleByte(bytes, table: nil)
        }
    }

    /// Decodes a single-byte encoding; `table` maps 0x80–0x9F, Latin-1 maps every byte to itself.
    static func decodeSingleByte(_ bytes: ArraySlice<UInt8>, table: [UInt16]?) -> String {
        var scalars = String.UnicodeScalarView()
        scalars.reserveCapacity(bytes.count)
        for byte in bytes {
            var value = UInt32(byte)
            if let table, (0x80...0x9F).contains(byte) { value = UInt32(table[Int(byte) - 0x80]) }
            scalars.append(Unicode.Scalar(value) ?? "\u{FFFD}")
        }
        return String(scalars)
    }

    /// Whether `bytes` is valid UTF-8, forgiving a sequence cut off at the very end (a sample
    /// taken from the start of a file can end in the middle of a character).
    static func isValidUTF8Prefix(_ bytes: ArraySlice<UInt8>) -> Bool {
        var index = bytes.startIndex
        while index < bytes.endIndex {
            let lead = bytes[index]
            let length: Int
            switch lead {
            case 0x00...0x7F: index += 1; continue
            case 0xC2...0xDF: length = 2
            case 0xE0...0xEF: length = 3
            case 0xF0...0xF4: length = 4
            default: return false
            }
            let end = min(index + length, bytes.endIndex)
            for continuation in bytes[(index + 1)..<end] where continuation & 0xC0 != 0x80 { return false }
            if index + length > bytes.endIndex { return true }
            if String(validating: bytes[index..<(index + length)], as: UTF8.self) == nil { return false }
            index += length
        }
        return true
    }

    /// Windows-1252 code points for bytes 0x80–0x9F; the five undefined bytes keep their C1 value.
    static let windows1252High: [UInt16] = [
        0x20AC, 0x0081, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
        0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0x008D, 0x017D, 0x008F,
        0x0090, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
        0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x009D, 0x017E, 0x0178,
    ]
}
