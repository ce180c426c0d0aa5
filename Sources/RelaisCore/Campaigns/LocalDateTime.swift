/// A wall-clock date and time with no time zone attached ("9:00 on 29 March"), as a user types it and as a schedule
/// repeats it. Turned into an instant only together with a zone (`instant(in:)`), so recurrences keep their local time
/// across daylight-saving changes.
///
/// Encoded as its `description` string, e.g. `"2026-03-29T09:00:00"`.
public struct LocalDateTime: Sendable, Equatable, Hashable, Codable, Comparable, CustomStringConvertible {
    public var year: Int
    public var month: Int
    public var day: Int
    public var hour: Int
    public var minute: Int
    public var second: Int

    /// No validation: callers building one from parts are trusted (see `init?(parsing:)` for user input).
    public init(year: Int, month: Int, day: Int, hour: Int, minute: Int, second: Int) {
        self.year = year
        self.month = month
        self.day = day
        self.hour = hour
        self.minute = minute
        self.second = second
    }

    /// Reads `"YYYY-MM-DDTHH:MM:SS"` or `"YYYY-MM-DDTHH:MM"`; nil for any other shape or an impossible date or time
    /// (30 February, 24:00, 10:60), so the user is told at once rather than the date silently rolling over.
    public init?(parsing text: String) {
        let scalars = Array(text.unicodeScalars)
        guard scalars.count == 16 || scalars.count == 19 else { return nil }
        func number(_ start: Int, _ length: Int) -> Int? {
            var value = 0
            for scalar in scalars[start..<(start + length)] {
                guard ("0"..."9").contains(scalar) else { return nil }
                value = value * 10 + Int(scalar.value - 48)
            }
            return value
        }
        let separators: [(Int, Unicode.Scalar)] = [(4, "-"), (7, "-"), (10, "T"), (13, ":")] + (scalars.count == 19 ? [(16, ":")] : [])
        guard separators.allSatisfy({ scalars[$0.0] == $0.1 }) else { return nil }
        guard let year = number(0, 4), let month = number(5, 2), let day = number(8, 2), let hour = number(11, 2),
            let minute = number(14, 2), let second = scalars.count == 19 ? number(17, 2) : 0
        else { return nil }
        let candidate = LocalDateTime(year: year, month: month, day: day, hour: hour, minute: minute, second: second)
        guard candidate.isValid else { return nil }
        self = candidate
    }

    /// Whether every part is in range for a real Gregorian date (years 1…9999) and a time of day.
    public var isValid: Bool {
        (1...9999).contains(year) && (1...12).contains(month) && (1...Self.daysIn(month: month, year: year)).contains(day)
            && (0...23).contains(hour) && (0...59).contains(minute) && (0...59).contains(second)
    }

    /// `"2026-03-29T09:00:00"`.
    public var description: String {
        "\(Self.pad(year, 4))-\(Self.pad(month, 2))-\(Self.pad(day, 2))T\(Self.pad(hour, 2)):\(Self.pad(minute, 2)):\(Self.pad(second, 2))"
    }

    public static func < (lhs: LocalDateTime, rhs: LocalDateTime) -> Bool {
        (lhs.year, lhs.month, lhs.day, lhs.hour, lhs.minute, lhs.second) < (rhs.year, rhs.month, rhs.day, rhs.hour, rhs.minute, rhs.second)
    }

    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let value = LocalDateTime(parsing: text) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "Not a local date-time: \(text)"))
        }
        self = value
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }

    /// The number of days in `month` of `year` (Gregorian leap years).
    static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    private static func pad(_ value: Int, _ width: Int) -> String {
        let digits = String(value)
        return String(repeating: "0", count: max(0, width - digits.count)) + digits
    }
}
