/// Reading an RFC 3339 date-time with an explicit offset, as an API client or a browser may send it.
extension LocalDateTime {
    /// `"2026-12-01T10:00:00+01:00"`, `"2026-12-01T09:00:00.250Z"` (seconds optional, fraction dropped) → the wall clock
    /// as written and its offset from UTC in seconds; nil without an offset or when malformed.
    static func parsingWithOffset(_ text: String) -> (local: LocalDateTime, offsetSeconds: Int)? {
        var body = Array(text.unicodeScalars)
        let offset: Int
        if let last = body.last, last == "Z" || last == "z" {
            body.removeLast()
            offset = 0
        } else {
            guard body.count > 6 else { return nil }
            let suffix = Array(body.suffix(6))
            guard suffix[0] == "+" || suffix[0] == "-", suffix[3] == ":", let hours = twoDigits(suffix[1], suffix[2]),
                let minutes = twoDigits(suffix[4], suffix[5]), hours <= 23, minutes <= 59
            else { return nil }
            offset = (suffix[0] == "-" ? -1 : 1) * (hours * 3_600 + minutes * 60)
            body.removeLast(6)
        }
        // A fraction of a second changes nothing for a campaign; it is accepted and dropped.
        if body.count > 20, body[19] == "." {
            guard body[20...].allSatisfy({ ("0"..."9").contains($0) }) else { return nil }
            body.removeSubrange(19...)
        }
        // RFC 3339 allows a lowercase separator.
        if body.count > 10, body[10] == "t" { body[10] = "T" }
        var normalized = String.UnicodeScalarView()
        normalized.append(contentsOf: body)
        guard let local = LocalDateTime(parsing: String(normalized)) else { return nil }
        return (local, offset)
    }

    private static func twoDigits(_ tens: Unicode.Scalar, _ units: Unicode.Scalar) -> Int? {
        guard ("0"..."9").contains(tens), ("0"..."9").contains(units) else { return nil }
        return Int(tens.value - 48) * 10 + Int(units.value - 48)
    }
}
