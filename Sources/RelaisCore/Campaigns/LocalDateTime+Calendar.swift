/// Gregorian arithmetic on wall-clock values, done with plain integers (days since 1970-01-01) so that it is the same on
/// every platform and never depends on a `Calendar`'s locale or time zone.
extension LocalDateTime {
    /// Days since 1970-01-01 of this date (negative before), ignoring the time of day.
    var dayNumber: Int {
        // Howard Hinnant's days_from_civil: years start in March so the leap day is the last day of the year.
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    /// The date `dayNumber` days after 1970-01-01, at the given time of day.
    init(dayNumber: Int, hour: Int, minute: Int, second: Int) {
        let z = dayNumber + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let shiftedMonth = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * shiftedMonth + 2) / 5 + 1
        let month = shiftedMonth < 10 ? shiftedMonth + 3 : shiftedMonth - 9
        self.init(year: yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month: month, day: day, hour: hour, minute: minute, second: second)
    }

    /// The same wall-clock value read as if it were UTC, in seconds since 1970: the common ground for zone offsets.
    var secondsAsIfUTC: Int { dayNumber * 86_400 + hour * 3_600 + minute * 60 + second }

    /// The wall-clock value that is `seconds` after 1970-01-01T00:00:00.
    init(secondsAsIfUTC seconds: Int) {
        let days = seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400
        let rest = seconds - days * 86_400
        self.init(dayNumber: days, hour: rest / 3_600, minute: rest % 3_600 / 60, second: rest % 60)
    }

    /// ISO weekday: 1 = Monday … 7 = Sunday (1970-01-01 was a Thursday).
    var isoWeekday: Int {
        let fromMonday = (dayNumber + 3) % 7
        return (fromMonday < 0 ? fromMonday + 7 : fromMonday) + 1
    }

    /// The same time of day, `days` days later.
    func addingDays(_ days: Int) -> LocalDateTime {
        LocalDateTime(dayNumber: dayNumber + days, hour: hour, minute: minute, second: second)
    }

    /// The same time of day, `months` months later on `day` (or the month's last day when it is shorter).
    func addingMonths(_ months: Int, onDay day: Int) -> LocalDateTime {
        let zeroBased = year * 12 + (month - 1) + months
        let newYear = zeroBased >= 0 ? zeroBased / 12 : (zeroBased - 11) / 12
        let newMonth = zeroBased - newYear * 12 + 1
        let clamped = min(day, Self.daysIn(month: newMonth, year: newYear))
        return LocalDateTime(year: newYear, month: newMonth, day: clamped, hour: hour, minute: minute, second: second)
    }
}
