/// Reading one line of `phone-plans.tsv` into a `PhonePlan`, with a precise reason for each malformed column.
extension PhonePlanTable {
    static let columnCount = 8

    /// One data line into a plan; throws `malformedLine` naming the first column that breaks the format.
    static func plan(from line: Substring, line number: Int) throws(PhonePlanTableError) -> PhonePlan {
        let columns = line.split(separator: "\t", omittingEmptySubsequences: false)
        func fail(_ reason: String) -> PhonePlanTableError { .malformedLine(line: number, reason: reason) }
        guard columns.count == columnCount else { throw fail("expected \(columnCount) columns, found \(columns.count)") }

        let regionText = columns[0]
        let isNonGeographic = regionText == "001"
        guard isNonGeographic || (regionText.utf8.count == 2 && regionText.utf8.allSatisfy { $0 >= 65 && $0 <= 90 }) else {
            throw fail("region “\(regionText)” is neither two capital letters nor 001")
        }
        guard let code = PhoneDigits(columns[1]), code.count <= 3, code.digit(at: 0) != 0 else {
            throw fail("calling code “\(columns[1])” is not 1 to 3 digits")
        }
        var trunks: [PhoneDigits] = []
        if columns[2] != "-" {
            for piece in columns[2].split(separator: ",", omittingEmptySubsequences: false) {
                guard let digits = PhoneDigits(piece), digits.count <= 3 else { throw fail("trunk prefix “\(piece)”") }
                trunks.append(digits)
            }
        }
        var internationalPrefixes: [PhoneDigits] = [PhoneDigits(value: 0, count: 2)]
        if columns[3] != "-" {
            for piece in columns[3].split(separator: ",", omittingEmptySubsequences: false) {
                guard let prefix = PhoneDigits(piece), prefix.count <= 5 else { throw fail("international prefix “\(piece)”") }
                if !internationalPrefixes.contains(prefix) { internationalPrefixes.append(prefix) }
            }
        }
        guard let lengths = lengthSet(columns[4]) else { throw fail("lengths “\(columns[4])” (1 to 17, ascending)") }
        guard let leading = LeadingDigitPattern(columns[5]) else { throw fail("leading digits “\(columns[5])”") }
        guard let groups = digitGroups(columns[6]) else { throw fail("groups “\(columns[6])”") }
        guard columns[7] == "main" || columns[7] == "-" else { throw fail("role “\(columns[7])” is neither main nor -") }

        return PhonePlan(
            region: isNonGeographic ? nil : String(regionText),
            callingCode: Int(code.value),
            usualTrunkPrefix: trunks.first,
            trunkPrefixesLongestFirst: trunks.sorted { $0.count > $1.count },
            internationalPrefixesWithDoubleZero: internationalPrefixes.sorted { $0.count > $1.count },
            lengths: lengths,
            leading: leading,
            groups: groups,
            isMain: columns[7] == "main")
    }

    /// `9`, `8-10` or `6,8,9` into a bit set; nil when empty, out of 1...17, or not ascending.
    static func lengthSet(_ text: Substring) -> UInt32? {
        var set: UInt32 = 0
        var last = 0
        for piece in text.split(separator: ",", omittingEmptySubsequences: false) {
            let bounds = piece.split(separator: "-", omittingEmptySubsequences: false)
            guard (1...2).contains(bounds.count), let low = Int(bounds[0]), let high = Int(bounds[bounds.count - 1]),
                low > last, low <= high, high <= 17
            else { return nil }
            for length in low...high { set |= 1 << UInt32(length) }
            last = high
        }
        return set == 0 ? nil : set
    }

    /// `1+2+2+2+2,3+3+4` into group sizes; `-` → none.
    static func digitGroups(_ text: Substring) -> [[Int]]? {
        if text == "-" { return [] }
        var result: [[Int]] = []
        for pattern in text.split(separator: ",", omittingEmptySubsequences: false) {
            var sizes: [Int] = []
            for size in pattern.split(separator: "+", omittingEmptySubsequences: false) {
                guard let value = Int(size), value > 0 else { return nil }
                sizes.append(value)
            }
            result.append(sizes)
        }
        return result
    }
}
