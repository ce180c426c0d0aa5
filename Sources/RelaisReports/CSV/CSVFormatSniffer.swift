/// Guesses a CSV file's encoding and separator from its first chunk.
enum CSVFormatSniffer {
    /// The encoding of `sample` (the raw first bytes) and the length of its byte order mark.
    static func detectEncoding(_ sample: [UInt8]) -> (encoding: CSVEncoding, bomLength: Int) {
        if sample.starts(with: [0xEF, 0xBB, 0xBF]) { return (.utf8, 3) }
        if sample.starts(with: [0xFF, 0xFE]) { return (.utf16LittleEndian, 2) }
        if sample.starts(with: [0xFE, 0xFF]) { return (.utf16BigEndian, 2) }
        if let utf16 = guessUTF16WithoutBOM(sample) { return (utf16, 0) }
        return (TextDecoding.isValidUTF8Prefix(sample[...]) ? .utf8 : .windows1252, 0)
    }

    /// UTF-16 without a BOM shows up as mostly-Latin text with a zero byte in every other place.
    private static func guessUTF16WithoutBOM(_ sample: [UInt8]) -> CSVEncoding? {
        let pairs = min(sample.count / 2, 4096)
        guard pairs >= 2 else { return nil }
        var evenZeros = 0
        var oddZeros = 0
        for pair in 0..<pairs {
            if sample[2 * pair] == 0 { evenZeros += 1 }
            if sample[2 * pair + 1] == 0 { oddZeros += 1 }
        }
        if oddZeros * 10 >= pairs * 4 && evenZeros * 20 < pairs { return .utf16LittleEndian }
        if evenZeros * 10 >= pairs * 4 && oddZeros * 20 < pairs { return .utf16BigEndian }
        return nil
    }

    /// The separator of `sample` (decoded, ASCII-transparent bytes): the candidate found on the
    /// first line, preferring one that appears the same number of times on every following
    /// complete line, then the most frequent. A file with none of them is a 1-column file (comma).
    static func detectSeparator(_ sample: [UInt8], isWholeFile: Bool, maxLines: Int = 20) -> CSVSeparator {
        let counts = countPerLine(sample, isWholeFile: isWholeFile, maxLines: maxLines)
        guard let firstLine = counts.first else { return .comma }
        var best: (separator: CSVSeparator, score: (Int, Int))?
        for separator in CSVSeparator.allCases {
            let headerCount = firstLine[separator] ?? 0
            guard headerCount > 0 else { continue }
            let consistent = counts.allSatisfy { ($0[separator] ?? 0) == headerCount }
            let score = (consistent ? 1 : 0, headerCount)
            if let current = best, current.score >= score { continue }
            best = (separator, score)
        }
        return best?.separator ?? .comma
    }

    /// Occurrences of each candidate per record, outside quotes; the last record is dropped
    /// when the sample was cut off in it.
    private static func countPerLine(_ sample: [UInt8], isWholeFile: Bool, maxLines: Int) -> [[CSVSeparator: Int]] {
        var lines: [[CSVSeparator: Int]] = []
        var current: [CSVSeparator: Int] = [:]
        var inQuotes = false
        var lineHasBytes = false
        for byte in sample {
            if byte == 0x22 { inQuotes.toggle() }
            if !inQuotes && (byte == 0x0A || byte == 0x0D) {
                if lineHasBytes { lines.append(current) }
                if lines.count == maxLines { return lines }
                current = [:]
                lineHasBytes = false
                continue
            }
            lineHasBytes = true
            if !inQuotes, let separator = CSVSeparator(rawValue: byte) { current[separator, default: 0] += 1 }
        }
        if lineHasBytes && (isWholeFile || lines.isEmpty) { lines.append(current) }
        return lines
    }
}
