import Foundation

/// Turning wall-clock values into instants and back, with the two daylight-saving traps made explicit: a time that does
/// not exist (the spring-forward gap) and a time that exists twice (the fall-back hour).
extension LocalDateTime {
    /// The wall-clock value of `date` in `zone`.
    init(_ date: Date, in zone: TimeZone) {
        let seconds = Int(date.timeIntervalSince1970.rounded(.down))
        self.init(secondsAsIfUTC: seconds + zone.secondsFromGMT(for: date))
    }

    /// Every instant whose wall clock in `zone` is this value: one usually, two in a fall-back hour (earlier first),
    /// none in a spring-forward gap.
    func instants(in zone: TimeZone) -> [Date] {
        let local = secondsAsIfUTC
        let offsets = surroundingOffsets(in: zone)
        var found: [Int] = []
        for offset in [offsets.before, offsets.after] {
            let candidate = local - offset
            if zone.secondsFromGMT(for: Self.date(candidate)) == offset, !found.contains(candidate) { found.append(candidate) }
        }
        return found.sorted().map(Self.date)
    }

    /// The instant a schedule uses for this wall-clock value: the earlier one when it exists twice; when it does not exist,
    /// the same value read with the offset in force before the jump, which moves it forward by the gap (02:30 → 03:30).
    func instant(in zone: TimeZone) -> Date {
        if let first = instants(in: zone).first { return first }
        return Self.date(secondsAsIfUTC - surroundingOffsets(in: zone).before)
    }

    /// The first instant at which the wall clock in `zone` reads this value or later: the value itself when it exists
    /// (the earlier one if twice), the moment the clock jumps over it when it falls in a gap.
    func firstInstantReached(in zone: TimeZone) -> Date {
        if let first = instants(in: zone).first { return first }
        let offsets = surroundingOffsets(in: zone)
        // Before `low` the old offset is in force, from `high` the new one: the jump lies in between. ~12 halvings for an hour.
        var low = secondsAsIfUTC - offsets.after
        var high = secondsAsIfUTC - offsets.before
        while high - low > 1 {
            let middle = low + (high - low) / 2
            if zone.secondsFromGMT(for: Self.date(middle)) == offsets.before { low = middle } else { high = middle }
        }
        return Self.date(high)
    }

    /// The zone's offsets a day before and a day after this wall-clock value; they differ when a transition is near.
    private func surroundingOffsets(in zone: TimeZone) -> (before: Int, after: Int) {
        let local = secondsAsIfUTC
        return (zone.secondsFromGMT(for: Self.date(local - 86_400)), zone.secondsFromGMT(for: Self.date(local + 86_400)))
    }

    private static func date(_ seconds: Int) -> Date { Date(timeIntervalSince1970: TimeInterval(seconds)) }
}
