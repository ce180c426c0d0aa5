/// Why a schedule was refused when a user set it.
public enum ScheduleError: Error, Sendable, Equatable {
    /// The start is neither `YYYY-MM-DDTHH:MM[:SS]` nor an RFC 3339 date-time with an offset, or is not a real date.
    case malformedStart
    /// The zone is not an IANA identifier this system knows; carries what was given.
    case unknownTimeZone(String)
    /// The first occurrence is already over (more than a minute before now).
    case startInPast
    /// The recurrence has neither `until` nor `count`.
    case neverEnds
    /// A recurrence rule is broken; carries its JSON key: `interval`, `weekdays`, `month_day`, `count` or `until`
    /// (`until` also when it is before the first occurrence).
    case invalidRecurrence(String)
}
