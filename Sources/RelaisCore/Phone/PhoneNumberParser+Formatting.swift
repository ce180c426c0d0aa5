/// Display formats. The digit groups come from the table; a length the table has no groups for is shown
/// as one block, which is always correct if less pretty.
extension PhoneNumberParser {
    /// `+33 6 12 34 56 78`, `+1 416 555 0123`, `+221 77 123 45 67`.
    public func internationalFormat(_ number: PhoneNumber) -> String {
        let plans = table.plansByCode[number.callingCode] ?? []
        let plan = plans.first { $0.region == number.regionCode } ?? plans.first
        let digits = Array(number.nationalNumber.utf8)
        let groups = plan?.groups.first { $0.reduce(0, +) == digits.count } ?? [digits.count]
        var output = "+\(number.callingCode)"
        var start = 0
        for size in groups {
            output += " " + String(decoding: digits[start..<start + size], as: UTF8.self)
            start += size
        }
        return output
    }
}
