/// How a scheduled campaign repeats after its first occurrence, always on the wall clock of the schedule's zone.
///
/// A recurrence must end (`until`, `count` or both; whichever comes first wins): `CampaignSchedule` refuses one that
/// does not, so a campaign can never keep messaging people forever by mistake.
public struct Recurrence: Sendable, Equatable, Codable {
    /// The unit the interval counts.
    public enum Frequency: String, Sendable, Codable, CaseIterable {
        case daily
        case weekly
        case monthly
    }

    public var frequency: Frequency
    /// Every N days, weeks or months, 1…365.
    public var interval: Int
    /// Weekly only: ISO weekdays (1 = Monday … 7 = Sunday); nil or empty means the start's weekday. Ignored otherwise.
    public var weekdays: [Int]?
    /// Monthly only: the day of the month, 1…31; nil means the start's day; a shorter month uses its last day. Ignored otherwise.
    public var monthDay: Int?
    /// The last allowed occurrence (inclusive), on the schedule's wall clock.
    public var until: LocalDateTime?
    /// Total occurrences including the first, 1…1000.
    public var count: Int?

    public static let intervalRange = 1...365
    public static let countRange = 1...1000

    public init(
        frequency: Frequency, interval: Int = 1, weekdays: [Int]? = nil, monthDay: Int? = nil, until: LocalDateTime? = nil, count: Int? = nil
    ) {
        self.frequency = frequency
        self.interval = interval
        self.weekdays = weekdays
        self.monthDay = monthDay
        self.until = until
        self.count = count
    }

    enum CodingKeys: String, CodingKey {
        case frequency, interval, weekdays
        case monthDay = "month_day"
        case until, count
    }

    /// The first rule broken, named by its JSON key (`interval`, `weekdays`, `month_day`, `count`), or nil.
    /// Whether the recurrence ends at all is checked by `CampaignSchedule`, which reports it separately.
    func brokenRule() -> String? {
        if !Self.intervalRange.contains(interval) { return CodingKeys.interval.rawValue }
        if let weekdays, !weekdays.allSatisfy((1...7).contains) { return CodingKeys.weekdays.rawValue }
        if let monthDay, !(1...31).contains(monthDay) { return CodingKeys.monthDay.rawValue }
        if let count, !Self.countRange.contains(count) { return CodingKeys.count.rawValue }
        if let until, !until.isValid { return CodingKeys.until.rawValue }
        return nil
    }
}
