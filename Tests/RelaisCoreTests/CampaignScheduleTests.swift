import Foundation
import RelaisCore
import Testing

/// Instants are written in UTC here and read with ISO8601DateFormatter, independently of the code under test.
func utc(_ text: String) -> Date {
    ISO8601DateFormatter().date(from: text)!
}

func local(_ text: String) -> LocalDateTime {
    LocalDateTime(parsing: text)!
}

/// The wall clock of `date` in `zone`, read through Foundation's Calendar rather than the code under test.
func wallClock(_ date: Date, _ zone: String) -> LocalDateTime {
    var calendar = Calendar(identifier: .gregorian)
    calendar.timeZone = TimeZone(identifier: zone)!
    let parts = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
    return LocalDateTime(year: parts.year!, month: parts.month!, day: parts.day!, hour: parts.hour!, minute: parts.minute!, second: parts.second!)
}

@Suite struct CampaignScheduleTests {
    let now = utc("2026-01-01T00:00:00Z")

    func schedule(_ start: String, _ zone: String = "Europe/Paris", _ recurrence: Recurrence? = nil) throws -> CampaignSchedule {
        try CampaignSchedule(startAt: start, timeZone: zone, recurrence: recurrence, now: now)
    }

    @Test func dailyKeepsNineOClockAcrossSpringForward() throws {
        let daily = try schedule("2026-03-27T09:00", "Europe/Paris", Recurrence(frequency: .daily, count: 5))
        // 09:00 CET is 08:00 UTC until the 28th; from the 29th 09:00 CEST is 07:00 UTC.
        #expect(
            (0..<5).map(daily.occurrence) == [
                utc("2026-03-27T08:00:00Z"), utc("2026-03-28T08:00:00Z"), utc("2026-03-29T07:00:00Z"), utc("2026-03-30T07:00:00Z"),
                utc("2026-03-31T07:00:00Z"),
            ])
        #expect(daily.occurrence(5) == nil)
    }

    @Test func dailyKeepsNineOClockAcrossFallBack() throws {
        let daily = try schedule("2026-10-24T09:00", "Europe/Paris", Recurrence(frequency: .daily, count: 3))
        #expect((0..<3).map(daily.occurrence) == [utc("2026-10-24T07:00:00Z"), utc("2026-10-25T08:00:00Z"), utc("2026-10-26T08:00:00Z")])
    }

    @Test func aTimeInTheSpringGapMovesForwardByTheGap() throws {
        // 02:30 does not exist on 29 March 2026 in Paris: it becomes 03:30 CEST = 01:30 UTC; the days around keep 02:30.
        let daily = try schedule("2026-03-28T02:30", "Europe/Paris", Recurrence(frequency: .daily, count: 3))
        #expect((0..<3).map(daily.occurrence) == [utc("2026-03-28T01:30:00Z"), utc("2026-03-29T01:30:00Z"), utc("2026-03-30T00:30:00Z")])
        #expect(try schedule("2026-03-29T02:00", "Europe/Paris").occurrence(0) == utc("2026-03-29T01:00:00Z"))
        #expect(try schedule("2026-03-29T03:00", "Europe/Paris").occurrence(0) == utc("2026-03-29T01:00:00Z"))
    }

    @Test func anAmbiguousTimeTakesTheEarlierInstant() throws {
        // 02:30 happens twice on 25 October 2026: at 00:30 UTC (CEST) and at 01:30 UTC (CET); the first is kept.
        #expect(try schedule("2026-10-25T02:30", "Europe/Paris").occurrence(0) == utc("2026-10-25T00:30:00Z"))
        #expect(try schedule("2026-10-25T03:00", "Europe/Paris").occurrence(0) == utc("2026-10-25T02:00:00Z"))
        #expect(try schedule("2026-11-01T01:30", "America/New_York").occurrence(0) == utc("2026-11-01T05:30:00Z"))
    }

    @Test func weeklyOnListedWeekdays() throws {
        // Tuesday 2 June 2026: the Monday of that week is before the start, so the first occurrence is Wednesday.
        let weekly = try schedule("2026-06-02T18:00", "Europe/Paris", Recurrence(frequency: .weekly, weekdays: [5, 1, 3], count: 7))
        let days = (0..<7).compactMap { weekly.occurrence($0) }.map { wallClock($0, "Europe/Paris") }
        #expect(
            days == ["2026-06-03", "2026-06-05", "2026-06-08", "2026-06-10", "2026-06-12", "2026-06-15", "2026-06-17"].map { local("\($0)T18:00") })
        #expect(weekly.occurrence(7) == nil)
    }

    @Test func weeklyEveryOtherWeekStartingOnAListedDay() throws {
        let weekly = try schedule("2026-06-01T10:00", "Europe/Paris", Recurrence(frequency: .weekly, interval: 2, weekdays: [1, 5], count: 5))
        let days = (0..<5).compactMap { weekly.occurrence($0) }.map { wallClock($0, "Europe/Paris").day }
        #expect(days == [1, 5, 15, 19, 29])
        // Without weekdays, the start's weekday.
        let plain = try schedule("2026-06-03T10:00", "Europe/Paris", Recurrence(frequency: .weekly, interval: 3, weekdays: [], count: 3))
        #expect(plain.occurrence(2).map { wallClock($0, "Europe/Paris") } == local("2026-07-15T10:00"))
    }

    @Test func monthlyOnTheThirtyFirstUsesTheLastDayOfShortMonths() throws {
        let monthly = try schedule("2026-01-31T09:00", "Europe/Paris", Recurrence(frequency: .monthly, monthDay: 31, count: 5))
        let days = (0..<5).compactMap { monthly.occurrence($0) }.map { wallClock($0, "Europe/Paris") }
        #expect(days == ["2026-01-31", "2026-02-28", "2026-03-31", "2026-04-30", "2026-05-31"].map { local("\($0)T09:00") })
        let leap = try schedule("2028-01-31T09:00", "Europe/Paris", Recurrence(frequency: .monthly, count: 2))
        #expect(leap.occurrence(1).map { wallClock($0, "Europe/Paris") } == local("2028-02-29T09:00"))
    }

    @Test func monthlyDayBeforeTheStartBeginsNextPeriod() throws {
        let monthly = try schedule("2026-01-20T09:00", "Europe/Paris", Recurrence(frequency: .monthly, interval: 2, monthDay: 5, count: 2))
        let days = (0..<2).compactMap { monthly.occurrence($0) }.map { wallClock($0, "Europe/Paris") }
        #expect(days == [local("2026-03-05T09:00"), local("2026-05-05T09:00")])
    }

    @Test func untilIsInclusiveOnTheWallClock() throws {
        let until = try schedule("2026-05-01T09:00", "Europe/Paris", Recurrence(frequency: .daily, until: local("2026-05-03T09:00")))
        #expect(until.occurrence(2) == utc("2026-05-03T07:00:00Z"))
        #expect(until.occurrence(3) == nil)
        let earlier = try schedule("2026-05-01T09:00", "Europe/Paris", Recurrence(frequency: .daily, until: local("2026-05-03T08:59:59")))
        #expect(earlier.occurrence(1) != nil)
        #expect(earlier.occurrence(2) == nil)
    }

    @Test func countAndUntilWhicheverComesFirst() throws {
        let both = try schedule("2026-05-01T09:00", "Europe/Paris", Recurrence(frequency: .daily, until: local("2026-05-30T00:00"), count: 3))
        #expect(both.occurrence(2) != nil)
        #expect(both.occurrence(3) == nil)
        #expect(both.occurrence(-1) == nil)
        let single = try schedule("2026-05-01T09:00")
        #expect(single.occurrence(0) == utc("2026-05-01T07:00:00Z"))
        #expect(single.occurrence(1) == nil)
    }

    @Test func nextOccurrenceAfterADate() throws {
        let daily = try schedule("2026-03-27T09:00", "Europe/Paris", Recurrence(frequency: .daily, count: 5))
        #expect(daily.nextOccurrence(after: now).map { [$0.index] } == [0])
        // Strictly after: an occurrence's own instant gives the following one.
        let next = try #require(daily.nextOccurrence(after: utc("2026-03-29T07:00:00Z")))
        #expect(next.index == 3 && next.at == utc("2026-03-30T07:00:00Z"))
        #expect(daily.nextOccurrence(after: utc("2026-03-29T06:59:59Z"))?.index == 2)
        #expect(daily.nextOccurrence(after: utc("2026-03-31T07:00:00Z")) == nil)
        let single = try schedule("2026-05-01T09:00")
        #expect(single.nextOccurrence(after: utc("2026-05-01T06:59:59Z"))?.index == 0)
        #expect(single.nextOccurrence(after: utc("2026-05-01T07:00:00Z")) == nil)
    }

    @Test func nextOccurrenceMatchesAWalkThroughEveryOccurrence() throws {
        let schedules = [
            try schedule("2026-03-02T02:30", "Europe/Paris", Recurrence(frequency: .weekly, weekdays: [7, 3], count: 1000)),
            try schedule("2026-01-31T23:00", "America/New_York", Recurrence(frequency: .monthly, count: 40)),
            try schedule("2026-02-10T08:15", "Australia/Sydney", Recurrence(frequency: .daily, interval: 3, until: local("2027-02-10T08:15"))),
        ]
        for schedule in schedules {
            var all: [Date] = []
            while let next = schedule.occurrence(all.count) { all.append(next) }
            #expect(all == all.sorted() && Set(all).count == all.count)
            // Probe just before, at, and just after every occurrence.
            for (index, instant) in all.enumerated() {
                #expect(schedule.nextOccurrence(after: instant.addingTimeInterval(-1))?.index == index)
                let after = schedule.nextOccurrence(after: instant)
                #expect(after?.index == (index + 1 < all.count ? index + 1 : nil))
                #expect(after?.at == (index + 1 < all.count ? all[index + 1] : nil))
            }
        }
    }

    @Test func farOccurrencesAreComputedDirectly() throws {
        let weekly = try schedule("2026-06-01T10:00", "Europe/Paris", Recurrence(frequency: .weekly, weekdays: [1, 3, 5], count: 1000))
        // Index 999 = week 333 (999 / 3), Monday: 333 weeks after 1 June 2026.
        #expect(weekly.occurrence(999).map { wallClock($0, "Europe/Paris") } == local("2032-10-18T10:00"))
        #expect(weekly.occurrence(1000) == nil)
        // Read back from storage without an end (refused on input, but the search must still terminate).
        let storedForever = CampaignSchedule(start: local("2026-06-01T10:00"), timeZone: "Europe/Paris", recurrence: Recurrence(frequency: .daily))
        #expect(storedForever.nextOccurrence(after: utc("2100-01-01T00:00:00Z"))?.at == utc("2100-01-01T09:00:00Z"))
        #expect(storedForever.nextOccurrence(after: utc("9000-01-01T00:00:00Z"))?.at == utc("9000-01-01T09:00:00Z"))
        // Nothing is computed beyond year 9999, so a never-ending stored schedule still ends.
        #expect(storedForever.nextOccurrence(after: utc("9999-12-31T09:00:00Z")) == nil)
    }
}
