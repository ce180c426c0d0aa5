import Foundation
import RelaisCore
import Testing

@Suite struct CampaignScheduleValidationTests {
    let now = utc("2026-06-01T12:00:00Z")
    let ending = Recurrence(frequency: .daily, count: 2)

    func make(_ start: String, _ zone: String = "Europe/Paris", _ recurrence: Recurrence? = nil) throws(ScheduleError) -> CampaignSchedule {
        try CampaignSchedule(startAt: start, timeZone: zone, recurrence: recurrence, now: now)
    }

    @Test func anExplicitOffsetIsHonouredAndConvertedToTheZone() throws {
        // 10:00 at +01:00 is 09:00 UTC, which is 04:00 in New York in December (EST, UTC-5).
        let schedule = try make("2026-12-01T10:00:00+01:00", "America/New_York")
        #expect(schedule.start == local("2026-12-01T04:00:00"))
        #expect(schedule.timeZone == "America/New_York")
        #expect(schedule.occurrence(0) == utc("2026-12-01T09:00:00Z"))
        #expect(try make("2026-12-01T09:00:00Z", "Asia/Kolkata").start == local("2026-12-01T14:30:00"))
        #expect(try make("2026-12-01T09:00:00.750z", "Asia/Kolkata").start == local("2026-12-01T14:30:00"))
        #expect(try make("2026-12-01t04:00-05:00", "Europe/Paris").start == local("2026-12-01T10:00:00"))
    }

    @Test func aWallClockIsReadInTheZone() throws {
        #expect(try make("2026-12-01T10:00", "America/New_York").occurrence(0) == utc("2026-12-01T15:00:00Z"))
    }

    @Test func unknownZone() {
        #expect(throws: ScheduleError.unknownTimeZone("Mars/Olympus")) { try make("2026-12-01T10:00", "Mars/Olympus") }
    }

    @Test(arguments: ["tomorrow", "2026-02-30T09:00", "2026-12-01T10:00+1:00", "2026-12-01T10:00:00+25:00", "2026-12-01T10:00:00.Z", ""])
    func malformedStart(text: String) {
        #expect(throws: ScheduleError.malformedStart) { try make(text) }
    }

    @Test func startInThePastWithAMinuteOfTolerance() throws {
        // 14:00 Paris on 1 June is 12:00 UTC, exactly now.
        #expect(throws: ScheduleError.startInPast) { try make("2026-06-01T13:58:59") }
        #expect(throws: ScheduleError.startInPast) { try make("2026-05-01T14:00", "Europe/Paris", ending) }
        #expect(try make("2026-06-01T13:59:00").start == local("2026-06-01T13:59:00"))
        #expect(throws: ScheduleError.startInPast) { try make("2026-06-01T11:58:00Z", "Asia/Tokyo") }
    }

    @Test func theFirstOccurrenceIsWhatMustNotBePast() throws {
        // Starts Monday 1 June at 13:00 Paris (already past) but the first listed weekday is Wednesday 3 June.
        let weekly = Recurrence(frequency: .weekly, weekdays: [3], count: 2)
        #expect(try make("2026-06-01T13:00", "Europe/Paris", weekly).occurrence(0) == utc("2026-06-03T11:00:00Z"))
    }

    @Test func aRecurrenceMustEnd() {
        #expect(throws: ScheduleError.neverEnds) { try make("2026-07-01T09:00", "Europe/Paris", Recurrence(frequency: .weekly)) }
    }

    @Test(arguments: [
        (Recurrence(frequency: .daily, interval: 0, count: 2), "interval"), (Recurrence(frequency: .daily, interval: 366, count: 2), "interval"),
        (Recurrence(frequency: .weekly, weekdays: [0], count: 2), "weekdays"),
        (Recurrence(frequency: .weekly, weekdays: [1, 8], count: 2), "weekdays"),
        (Recurrence(frequency: .monthly, monthDay: 0, count: 2), "month_day"), (Recurrence(frequency: .monthly, monthDay: 32, count: 2), "month_day"),
        (Recurrence(frequency: .daily, count: 0), "count"), (Recurrence(frequency: .daily, count: 1001), "count"),
        (Recurrence(frequency: .daily, until: LocalDateTime(year: 2026, month: 2, day: 30, hour: 0, minute: 0, second: 0)), "until"),
        (Recurrence(frequency: .daily, until: LocalDateTime(year: 2026, month: 7, day: 1, hour: 8, minute: 0, second: 0)), "until"),
    ])
    func brokenRecurrenceNamesTheRule(recurrence: Recurrence, key: String) {
        #expect(throws: ScheduleError.invalidRecurrence(key)) { try make("2026-07-01T09:00", "Europe/Paris", recurrence) }
    }

    @Test func boundaryValuesAreAccepted() throws {
        let recurrence = Recurrence(frequency: .monthly, interval: 365, weekdays: [1, 7], monthDay: 31, count: 1000)
        #expect(try make("2026-07-01T09:00", "Europe/Paris", recurrence).recurrence == recurrence)
        #expect(try make("2026-07-01T09:00", "Europe/Paris", Recurrence(frequency: .daily, until: local("2026-07-01T09:00"))).occurrence(0) != nil)
    }

    @Test func recurrenceJSONUsesSnakeCase() throws {
        let recurrence = Recurrence(frequency: .monthly, interval: 2, monthDay: 31, until: local("2026-12-31T23:59"), count: 4)
        let schedule = CampaignSchedule(start: local("2026-01-31T09:00"), timeZone: "Europe/Paris", recurrence: recurrence)
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        let json = String(decoding: try encoder.encode(schedule), as: UTF8.self)
        #expect(
            json == #"{"recurrence":{"count":4,"frequency":"monthly","interval":2,"month_day":31,"until":"2026-12-31T23:59:00"},"#
                + #""start":"2026-01-31T09:00:00","time_zone":"Europe\/Paris"}"#)
        #expect(try JSONDecoder().decode(CampaignSchedule.self, from: Data(json.utf8)) == schedule)
    }
}
