import Foundation

/// Renders stored cell values the way a person expects to see them in an import.
enum XLSXValueText {
    /// A stored number as plain digits: `3.3612345678E10` and `33612345678` both give
    /// `33612345678`, `1.5E-3` gives `0.0015`, never an exponent or a trailing `.0`.
    ///
    /// The decimal point is moved in the text itself, so what Excel stored is rendered exactly
    /// (a phone number is never rounded through a `Double`). Values with more than 15
    /// significant digits, binary noise like `0.30000000000000004`, are first rounded to
    /// 15 digits as Excel displays them.
    static func number(_ raw: String) -> String {
        if isPlainInteger(raw) { return raw }  // The common case, without any allocation.
        let text = raw.trimmingCharacters(in: .whitespaces)
        guard let parts = decompose(text) else { return text }
        if parts.digits.count > 15, let value = Double(text), value.isFinite, let rounded = decompose(String(format: "%.15g", value)) {
            return compose(rounded)
        }
        return compose(parts)
    }

    /// Digits only, up to 15 of them, no superfluous leading zero: already in its final form.
    private static func isPlainInteger(_ text: String) -> Bool {
        let utf8 = text.utf8
        guard let first = utf8.first, utf8.count <= 15, first != UInt8(ascii: "0") || utf8.count == 1 else { return false }
        return utf8.allSatisfy { $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }
    }

    /// Sign, significant digits and the position of the decimal point relative to them.
    private struct Decimal {
        var negative: Bool
        var digits: [UInt8]
        var pointPosition: Int
    }

    private static func decompose(_ text: String) -> Decimal? {
        var bytes = Array(text.utf8)[...]
        var negative = false
        if let sign = bytes.first, sign == UInt8(ascii: "-") || sign == UInt8(ascii: "+") {
            negative = sign == UInt8(ascii: "-")
            bytes = bytes.dropFirst()
        }
        var exponent = 0
        if let e = bytes.firstIndex(where: { $0 == UInt8(ascii: "e") || $0 == UInt8(ascii: "E") }) {
            guard let value = Int(String(decoding: bytes[(e + 1)...], as: UTF8.self)), abs(value) < 400 else { return nil }
            exponent = value
            bytes = bytes[..<e]
        }
        let point = bytes.firstIndex(of: UInt8(ascii: "."))
        let integerPart = point.map { bytes[..<$0] } ?? bytes
        let fraction = point.map { bytes[($0 + 1)...] } ?? []
        let digits = Array(integerPart) + Array(fraction)
        guard !digits.isEmpty, digits.allSatisfy({ (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) }) else { return nil }
        var decimal = Decimal(negative: negative, digits: digits, pointPosition: integerPart.count + exponent)
        // Leading zeros carry no information once the point position is known.
        while decimal.digits.first == UInt8(ascii: "0") {
            decimal.digits.removeFirst()
            decimal.pointPosition -= 1
        }
        while decimal.digits.last == UInt8(ascii: "0") { decimal.digits.removeLast() }
        return decimal
    }

    private static func compose(_ decimal: Decimal) -> String {
        guard !decimal.digits.isEmpty else { return "0" }
        let zero = UInt8(ascii: "0")
        var output: [UInt8] = decimal.negative ? [UInt8(ascii: "-")] : []
        if decimal.pointPosition <= 0 {
            output += [zero, UInt8(ascii: ".")] + Array(repeating: zero, count: -decimal.pointPosition) + decimal.digits
        } else if decimal.pointPosition >= decimal.digits.count {
            output += decimal.digits + Array(repeating: zero, count: decimal.pointPosition - decimal.digits.count)
        } else {
            output += decimal.digits[..<decimal.pointPosition] + [UInt8(ascii: ".")] + decimal.digits[decimal.pointPosition...]
        }
        return String(decoding: output, as: UTF8.self)
    }

    /// An Excel serial date as `YYYY-MM-DD`, `YYYY-MM-DD HH:MM:SS` or `HH:MM:SS`; `nil` when
    /// the value is not a plausible date (it is then shown as a number).
    static func date(_ raw: String, kind: XLSXDateKind, uses1904Dates: Bool) -> String? {
        guard let serial = Double(raw.trimmingCharacters(in: .whitespaces)), serial >= 0, serial < 2_958_466 else { return nil }
        var days = Int(serial.rounded(.down))
        var seconds = Int(((serial - Double(days)) * 86_400).rounded())
        if seconds >= 86_400 {
            days += 1
            seconds -= 86_400
        }
        let time = "\(padded(seconds / 3600, 2)):\(padded(seconds / 60 % 60, 2)):\(padded(seconds % 60, 2))"
        if kind == .time && days == 0 { return time }
        // Serial 0 is 1899-12-30 in the 1900 system from March 1900 on; before that Excel counts
        // the non-existent 29 February 1900 (Lotus' bug), hence the one-day shift.
        let unixDay = uses1904Dates ? days - 24_107 : (days >= 61 ? days - 25_569 : days - 25_568)
        let (year, month, day) = civil(fromUnixDay: unixDay)
        let date = "\(padded(year, 4))-\(padded(month, 2))-\(padded(day, 2))"
        return kind == .date ? date : "\(date) \(time)"
    }

    /// `value` with leading zeros up to `width` digits; `String(format:)` was a hot spot.
    private static func padded(_ value: Int, _ width: Int) -> String {
        let digits = String(value)
        return digits.count >= width ? digits : String(repeating: "0", count: width - digits.count) + digits
    }

    /// Proleptic Gregorian date of a day count since 1970-01-01 (H. Hinnant's algorithm), free
    /// of calendars and time zones.
    private static func civil(fromUnixDay unixDay: Int) -> (Int, Int, Int) {
        let z = unixDay + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthIndex = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * monthIndex + 2) / 5 + 1
        let month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }
}
