import Foundation

/// When a campaign sends: a first occurrence on the wall clock of a zone, optionally repeated.
///
/// Stores wall-clock time plus zone rather than an instant, so "every day at 09:00 in Paris" stays 09:00 across
/// daylight-saving changes; instants are derived on demand.
public struct CampaignSchedule: Sendable, Equatable, Codable {
    /// The first occurrence's wall clock (for weekly recurrences on listed weekdays, the first occurrence is the first
    /// listed weekday on or after this date).
    public let start: LocalDateTime
    /// The IANA zone of every wall-clock value here (`Europe/Paris`).
    public let timeZone: String
    public let recurrence: Recurrence?

    /// How far in the past a new start may be: the time it takes to fill in a form that says "now".
    static let pastTolerance: TimeInterval = 60

    /// Checks a schedule a user sets. `startAt` is a wall clock in `timeZone` (`"2026-03-29T09:00"`) or an RFC 3339
    /// date-time with an offset or `Z`, whose instant is honoured and converted to `timeZone`'s wall clock.
    /// Errors are checked in this order: zone, start, recurrence rules, an end, the first occurrence not in the past.
    public init(startAt: String, timeZone: String, recurrence: Recurrence?, now: Date) throws(ScheduleError) {
        guard let zone = TimeZone(identifier: timeZone) else { throw .unknownTimeZone(timeZone) }
        let start: LocalDateTime
        if let local = LocalDateTime(parsing: startAt) {
            start = local
        } else if let written = LocalDateTime.parsingWithOffset(startAt) {
            let instant = Date(timeIntervalSince1970: TimeInterval(written.local.secondsAsIfUTC - written.offsetSeconds))
            start = LocalDateTime(instant, in: zone)
        } else {
            throw .malformedStart
        }
        if let recurrence {
            if let rule = recurrence.brokenRule() { throw .invalidRecurrence(rule) }
            if recurrence.until == nil && recurrence.count == nil { throw .neverEnds }
        }
        self.init(start: start, timeZone: timeZone, recurrence: recurrence)
        // Only `until` can leave no occurrence at all (count is at least 1).
        guard let first = occurrence(0, in: zone) else { throw .invalidRecurrence(Recurrence.CodingKeys.until.rawValue) }
        if first < now.addingTimeInterval(-Self.pastTolerance) { throw .startInPast }
    }

    /// A schedule read back from storage: trusted, not validated again (a start now in the past is normal there).
    public init(start: LocalDateTime, timeZone: String, recurrence: Recurrence?) {
        self.start = start
        self.timeZone = timeZone
        self.recurrence = recurrence
    }

    enum CodingKeys: String, CodingKey {
        case start
        case timeZone = "time_zone"
        case recurrence
    }

    /// The instant of occurrence `index` (0 = first), nil past the end (`count`, `until`) or when the zone is unknown.
    /// The wall-clock time is kept across daylight-saving changes; a time in a spring-forward gap moves forward by the
    /// gap (02:30 → 03:30), a time that exists twice takes the earlier instant.
    public func occurrence(_ index: Int) -> Date? {
        guard let zone = TimeZone(identifier: timeZone) else { return nil }
        return occurrence(index, in: zone)
    }

    /// The first occurrence strictly after `date`, with its index; nil when none remains.
    ///
    /// Occurrences only move forward, so this is a galloping then binary search over indexes: O(log index) occurrences
    /// computed, never a walk from the start, and bounded by `Recurrence.maximumIndex`.
    public func nextOccurrence(after date: Date) -> (index: Int, at: Date)? {
        guard let zone = TimeZone(identifier: timeZone) else { return nil }
        // True from the first index that is past `date` or past the end; false before it.
        func reached(_ index: Int) -> Bool {
            guard let instant = occurrence(index, in: zone) else { return true }
            return instant > date
        }
        if reached(0) { return occurrence(0, in: zone).map { (0, $0) } }
        var low = 0  // not reached
        var high = 1
        while !reached(high) {
            guard high < Recurrence.maximumIndex else { return nil }
            low = high
            high = min(high * 2, Recurrence.maximumIndex)
        }
        while high - low > 1 {
            let middle = low + (high - low) / 2
            if reached(middle) { high = middle } else { low = middle }
        }
        return occurrence(high, in: zone).map { (high, $0) }
    }

    private func occurrence(_ index: Int, in zone: TimeZone) -> Date? {
        guard let recurrence else { return index == 0 ? start.instant(in: zone) : nil }
        return recurrence.wallClock(ofOccurrence: index, startingAt: start)?.instant(in: zone)
    }
}
