import NIOCore

/// Watches a multipart body as it streams by and reports a part header whose name holds a byte above 0x7F.
///
/// Why: MultipartKit 4.7.1's parser looks such a byte up in a 128-entry table and traps (index out of range), which
/// would take the whole server down on one hostile upload (found by the fuzz pass). The guard reads every byte before
/// the parser does and is deliberately wider than the parser: a header block is whatever follows any `--boundary`
/// up to the first empty line, and in each of its lines the bytes before the first colon must be ASCII.
struct MultipartHeaderGuard {
    private let marker: [UInt8]
    /// KMP failure function of `marker`: boundaries often start with dashes, so a partial match can overlap itself.
    private let fallback: [Int]
    private var matched = 0
    private var inHeaders = false
    private var onDelimiterLine = false
    private var lineLength = 0
    private var sawColon = false

    init(boundary: String) {
        marker = Array(("--" + boundary).utf8)
        var fallback = [Int](repeating: 0, count: marker.count)
        var k = 0
        for index in 1..<marker.count {
            while k > 0 && marker[index] != marker[k] { k = fallback[k - 1] }
            if marker[index] == marker[k] { k += 1 }
            fallback[index] = k
        }
        self.fallback = fallback
    }

    /// False as soon as a header name holds a non-ASCII byte. Reads the buffer's bytes in place: a generic sequence
    /// over `ByteBufferView` costs a bounds-checked lookup per byte, most of an upload's time in a debug build.
    mutating func accepts(_ buffer: ByteBuffer) -> Bool {
        buffer.withUnsafeReadableBytes { accepts(bytes: $0) }
    }

    mutating func accepts(bytes: UnsafeRawBufferPointer) -> Bool {
        for byte in bytes {
            if inHeaders {
                if !inspectHeaderByte(byte) { return false }
                continue
            }
            while matched > 0 && byte != marker[matched] { matched = fallback[matched - 1] }
            if byte == marker[matched] { matched += 1 }
            if matched == marker.count {
                matched = 0
                inHeaders = true
                onDelimiterLine = true
            }
        }
        return true
    }

    private mutating func inspectHeaderByte(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "\n"):
            if onDelimiterLine {
                onDelimiterLine = false
            } else if lineLength == 0 {
                inHeaders = false
            }
            lineLength = 0
            sawColon = false
        case UInt8(ascii: "\r"):
            break
        default:
            guard !onDelimiterLine else { return true }
            lineLength += 1
            if byte == UInt8(ascii: ":") { sawColon = true } else if byte > 0x7F && !sawColon { return false }
        }
        return true
    }
}
