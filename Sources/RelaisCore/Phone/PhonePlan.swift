/// One line of the numbering-plan table: how one region writes and validates its numbers.
struct PhonePlan: Sendable {
    /// ISO 3166-1 alpha-2 code, or nil for a non-geographic calling code (`001` in the table).
    let region: String?
    let callingCode: Int
    /// The trunk prefix dialled before national numbers (`0`, `1`, `8`, `06`), nil when none.
    let usualTrunkPrefix: PhoneDigits?
    /// Every trunk prefix seen in real files, longest first so `80` is tried before `8` (Belarus has `8`, `80`, `0`).
    let trunkPrefixesLongestFirst: [PhoneDigits]
    /// Prefixes dialled to call abroad from the region (`011`, `0011`, `009`) plus `00`, which people write
    /// everywhere; longest first, so `0011` is tried before `00`.
    let internationalPrefixesWithDoubleZero: [PhoneDigits]
    /// Valid national significant number lengths as a bit set: bit n set when n digits are valid.
    let lengths: UInt32
    let leading: LeadingDigitPattern
    /// Digit groups for display, each summing to the NSN length it applies to.
    let groups: [[Int]]
    /// Receives the numbers of a shared calling code that no other region claims.
    let isMain: Bool

    /// The calling code as digits, to recognise it written without `+` in a national column.
    var callingCodeDigits: PhoneDigits {
        PhoneDigits(value: UInt64(callingCode), count: callingCode >= 100 ? 3 : callingCode >= 10 ? 2 : 1)
    }

    func allowsLength(_ length: Int) -> Bool {
        length < 32 && lengths & (1 << UInt32(length)) != 0
    }

    /// The valid lengths in increasing order, for error messages.
    var lengthList: [Int] {
        (0..<32).filter { lengths & (1 << UInt32($0)) != 0 }
    }

    /// The error that explains why `nsn` does not fit this plan, preferring length over leading digits
    /// because a missing or extra digit is the most common slip in a spreadsheet.
    func mismatch(for nsn: PhoneDigits) -> PhoneNumberError {
        let valid = lengthList
        if allowsLength(nsn.count) { return .invalidLeadingDigits(region: region, callingCode: callingCode) }
        if let shortest = valid.first, nsn.count < shortest {
            return .tooShort(region: region, callingCode: callingCode, expectedLengths: valid)
        }
        if let longest = valid.last, nsn.count > longest {
            return .tooLong(region: region, callingCode: callingCode, expectedLengths: valid)
        }
        return .invalidLength(region: region, callingCode: callingCode, expectedLengths: valid)
    }
}
