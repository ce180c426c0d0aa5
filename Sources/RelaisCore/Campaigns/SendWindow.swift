import Foundation

/// The hours of the recipient's day during which messages may go out ("09:00"–"20:00"), so nobody is woken by a promotion.
///
/// Minutes after local midnight; the window never crosses midnight. Encoded as `{"start": "09:00", "end": "20:00"}`.
public struct SendWindow: Sendable, Equatable, Codable {
    /// Opening, in minutes after local midnight (inclusive).
    public let startMinute: Int
    /// Closing, in minutes after local midnight (exclusive); 1440 means midnight at the end of the day.
    public let endMinute: Int

    /// A window from minute counts; nil unless `0 <= startMinute < endMinute <= 1440`.
    public init?(startMinute: Int, endMinute: Int) {
        guard 0 <= startMinute, startMinute < endMinute, endMinute <= 1440 else { return nil }
        self.startMinute = startMinute
        self.endMinute = endMinute
    }

    /// A window from `"HH:MM"` texts (`"24:00"` allowed as the end); nil when either is malformed or the window is empty
    /// or crosses midnight.
    public init?(start: String, end: String) {
        guard let startMinute = Self.minutes(start), let endMinute = Self.minutes(end) else { return nil }
        self.init(startMinute: startMinute, endMinute: endMinute)
    }

    /// `"09:00"`.
    public var startText: String { Self.text(startMinute) }
    /// `"20:00"`.
    public var endText: String { Self.text(endMinute) }

    /// Whether `date`, read on the wall clock of `zone`, is inside the window (start inclusive, end exclusive).
    public func contains(_ date: Date, in zone: TimeZone) -> Bool {
        let local = LocalDateTime(date, in: zone)
        let secondOfDay = local.hour * 3_600 + local.minute * 60 + local.second
        return startMinute * 60 <= secondOfDay && secondOfDay < endMinute * 60
    }

    /// `date` itself when it is inside the window, else the next instant the window opens in `zone`.
    ///
    /// Daylight-saving aware: an opening time that falls in a spring-forward gap opens when the clock jumps past it; on a
    /// fall-back day an opening that happens twice is the first one still ahead; a window lying wholly in a gap does
    /// not open that day.
    public func nextOpening(after date: Date, in zone: TimeZone) -> Date {
        if contains(date, in: zone) { return date }
        let today = LocalDateTime(date, in: zone)
        // Only a day skipped by its zone (Samoa, 30 December 2011) or a window lost in a gap moves past tomorrow.
        for dayOffset in 0..<7 {
            let day = today.addingDays(dayOffset)
            let opening = LocalDateTime(year: day.year, month: day.month, day: day.day, hour: startMinute / 60, minute: startMinute % 60, second: 0)
            let instants = opening.instants(in: zone)
            let candidates = instants.isEmpty ? [opening.firstInstantReached(in: zone)] : instants
            if let next = candidates.first(where: { $0 > date && contains($0, in: zone) }) { return next }
        }
        // Unreachable for a real zone (every week has an opening); a day later is the least surprising answer.
        return date.addingTimeInterval(86_400)
    }

    enum CodingKeys: String, CodingKey {
        case start, end
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let start = try container.decode(String.self, forKey: .start)
        let end = try container.decode(String.self, forKey: .end)
        guard let window = SendWindow(start: start, end: end) else {
            throw DecodingError.dataCorruptedError(forKey: .end, in: container, debugDescription: "Not a send window: \(start)–\(end)")
        }
        self = window
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(startText, forKey: .start)
        try container.encode(endText, forKey: .end)
    }

    /// Minutes after midnight of `"HH:MM"` (`"H:MM"` too), 00:00…24:00; nil otherwise.
    private static func minutes(_ text: String) -> Int? {
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 2, (1...2).contains(parts[0].count), parts[1].count == 2,
            parts.allSatisfy({ $0.unicodeScalars.allSatisfy { ("0"..."9").contains($0) } }),
            let hour = Int(parts[0]), let minute = Int(parts[1]), minute < 60, hour * 60 + minute <= 1440
        else { return nil }
        return hour * 60 + minute
    }

    private static func text(_ minutes: Int) -> String {
        let hour = minutes / 60
        let minute = minutes % 60
        return (hour < 10 ? "0" : "") + "\(hour):" + (minute < 10 ? "0" : "") + "\(minute)"
    }
}
