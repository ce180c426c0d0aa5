/// Spots `<!DOCTYPE` or `<!ENTITY` in a byte stream, across chunk boundaries.
///
/// OOXML parts never carry a DTD, and every XXE or billion-laughs attack needs one, so refusing
/// the bytes before `XMLParser` sees them is the simplest complete defence. In a legitimate part
/// `<!` can only start a comment or a CDATA section.
struct DoctypeScanner {
    private static let patterns: [[UInt8]] = [Array("<!DOCTYPE".utf8), Array("<!ENTITY".utf8)]
    private var matched = [0, 0]

    /// Whether the bytes seen so far, `chunk` included, contain a forbidden declaration.
    mutating func scan(_ chunk: some Sequence<UInt8>) -> Bool {
        for byte in chunk {
            for index in Self.patterns.indices {
                let pattern = Self.patterns[index]
                if byte == pattern[matched[index]] {
                    matched[index] += 1
                    if matched[index] == pattern.count { return true }
                } else {
                    // Both patterns start with "<!" and contain no other "<", so restarting is exact.
                    matched[index] = byte == pattern[0] ? 1 : 0
                }
            }
        }
        return false
    }
}
