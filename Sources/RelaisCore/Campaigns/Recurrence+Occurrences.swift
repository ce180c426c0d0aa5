/// The wall-clock dates a recurrence produces, computed directly from the index (no walking from the start), so asking
/// for occurrence 900 costs the same as asking for occurrence 1.
extension Recurrence {
    /// Beyond this index no occurrence is computed: it bounds the arithmetic and every search over indexes
    /// (ten million daily occurrences is more than 27,000 years).
    static let maximumIndex = 10_000_000

    /// The wall clock of occurrence `index` (0 = first) of a schedule starting at `start`; nil past `count`, after
    /// `until`, or beyond year 9999.
    func wallClock(ofOccurrence index: Int, startingAt start: LocalDateTime) -> LocalDateTime? {
        guard index >= 0, index <= Self.maximumIndex else { return nil }
        if let count, index >= count { return nil }
        // Values read back from storage are not validated again; clamping keeps a corrupt row from trapping on overflow.
        let step = min(max(interval, Self.intervalRange.lowerBound), Self.intervalRange.upperBound)
        let result: LocalDateTime
        switch frequency {
        case .daily: result = start.addingDays(index * step)
        case .weekly: result = weekly(index, start: start, step: step)
        case .monthly: result = monthly(index, start: start, step: step)
        }
        guard result.year <= 9999 else { return nil }
        if let until, result > until { return nil }
        return result
    }

    /// Each listed weekday of each week, weeks counted from the start's week (Monday first), every `step` weeks, never
    /// before the start; the start itself is an occurrence only when its weekday is listed.
    private func weekly(_ index: Int, start: LocalDateTime, step: Int) -> LocalDateTime {
        let days = Set((weekdays ?? []).filter((1...7).contains)).sorted()
        guard !days.isEmpty else { return start.addingDays(index * step * 7) }
        let monday = start.addingDays(1 - start.isoWeekday)
        let firstWeek = days.filter { $0 >= start.isoWeekday }
        if index < firstWeek.count { return monday.addingDays(firstWeek[index] - 1) }
        let later = index - firstWeek.count
        let week = 1 + later / days.count
        return monday.addingDays(week * step * 7 + days[later % days.count] - 1)
    }

    /// The chosen day of every `step`-th month counted from the start's month (its last day when shorter), never before
    /// the start: a day earlier in the start's month than the start moves the first occurrence to the next period.
    private func monthly(_ index: Int, start: LocalDateTime, step: Int) -> LocalDateTime {
        let day = monthDay.map { min(max($0, 1), 31) } ?? start.day
        let skipsStartMonth = start.addingMonths(0, onDay: day) < start ? 1 : 0
        return start.addingMonths((index + skipsStartMonth) * step, onDay: day)
    }
}
