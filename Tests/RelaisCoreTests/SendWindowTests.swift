import Foundation
import RelaisCore
import Testing

@Suite struct SendWindowTests {
    let paris = TimeZone(identifier: "Europe/Paris")!
    let daytime = SendWindow(start: "09:00", end: "20:00")!

    @Test func readsAndPrintsTimes() throws {
        #expect(daytime.startMinute == 540 && daytime.endMinute == 1200)
        #expect(daytime.startText == "09:00" && daytime.endText == "20:00")
        let allDay = try #require(SendWindow(start: "0:00", end: "24:00"))
        #expect(allDay.startMinute == 0 && allDay.endMinute == 1440 && allDay.startText == "00:00" && allDay.endText == "24:00")
        #expect(SendWindow(start: "9:05", end: "9:06")?.startText == "09:05")
        #expect(SendWindow(startMinute: 540, endMinute: 1200) == daytime)
    }

    @Test(arguments: [
        ("20:00", "09:00"), ("09:00", "09:00"), ("09:00", "24:01"), ("24:00", "24:00"), ("25:00", "26:00"), ("09:60", "10:00"),
        ("0900", "2000"), ("09:0", "20:00"), ("", "20:00"), ("-1:00", "20:00"), ("٠٩:٠٠", "20:00"), ("09:00:00", "20:00"), ("123:00", "200:00"),
    ])
    func refusesEmptyOvernightOrMalformedWindows(start: String, end: String) {
        #expect(SendWindow(start: start, end: end) == nil)
    }

    @Test func minuteBoundsAreChecked() {
        #expect(SendWindow(startMinute: -1, endMinute: 10) == nil)
        #expect(SendWindow(startMinute: 10, endMinute: 1441) == nil)
        #expect(SendWindow(startMinute: 1439, endMinute: 1440) != nil)
    }

    @Test func startInclusiveEndExclusiveOnTheLocalClock() {
        // June in Paris is UTC+2.
        #expect(daytime.contains(utc("2026-06-01T07:00:00Z"), in: paris))
        #expect(!daytime.contains(utc("2026-06-01T06:59:59Z"), in: paris))
        #expect(daytime.contains(utc("2026-06-01T17:59:59Z"), in: paris))
        #expect(!daytime.contains(utc("2026-06-01T18:00:00Z"), in: paris))
        // The same instant is evening in Dakar (UTC+0) and night in Kolkata (UTC+5:30).
        #expect(daytime.contains(utc("2026-06-01T19:30:00Z"), in: TimeZone(identifier: "Africa/Dakar")!))
        #expect(!daytime.contains(utc("2026-06-01T19:30:00Z"), in: TimeZone(identifier: "Asia/Kolkata")!))
    }

    @Test func nextOpeningIsNowInsideTodayBeforeAndTomorrowAfter() {
        let inside = utc("2026-06-01T10:00:00Z")
        #expect(daytime.nextOpening(after: inside, in: paris) == inside)
        #expect(daytime.nextOpening(after: utc("2026-06-01T04:00:00Z"), in: paris) == utc("2026-06-01T07:00:00Z"))
        #expect(daytime.nextOpening(after: utc("2026-06-01T18:00:00Z"), in: paris) == utc("2026-06-02T07:00:00Z"))
        #expect(daytime.nextOpening(after: utc("2026-06-01T22:30:00Z"), in: paris) == utc("2026-06-02T07:00:00Z"))
    }

    @Test func nextOpeningAcrossDaylightSavingChanges() {
        // Saturday 28 March 21:00 CET → Sunday 09:00, which is already CEST (07:00 UTC).
        #expect(daytime.nextOpening(after: utc("2026-03-28T20:00:00Z"), in: paris) == utc("2026-03-29T07:00:00Z"))
        // Saturday 24 October 21:00 CEST → Sunday 09:00 CET (08:00 UTC).
        #expect(daytime.nextOpening(after: utc("2026-10-24T19:00:00Z"), in: paris) == utc("2026-10-25T08:00:00Z"))
    }

    @Test func openingInTheSpringGapOpensAtTheJump() throws {
        // 02:30 does not exist on 29 March: the window is open from the jump, 03:00 CEST = 01:00 UTC.
        let night = try #require(SendWindow(start: "02:30", end: "06:00"))
        #expect(night.nextOpening(after: utc("2026-03-29T00:00:00Z"), in: paris) == utc("2026-03-29T01:00:00Z"))
        // A window wholly inside the gap does not open that day.
        let lost = try #require(SendWindow(start: "02:00", end: "02:30"))
        #expect(lost.nextOpening(after: utc("2026-03-29T00:00:00Z"), in: paris) == utc("2026-03-30T00:00:00Z"))
    }

    @Test func openingThatHappensTwiceTakesTheOneAhead() throws {
        let short = try #require(SendWindow(start: "02:30", end: "02:45"))
        // Before the first 02:30 (CEST, 00:30 UTC) → that one.
        #expect(short.nextOpening(after: utc("2026-10-25T00:00:00Z"), in: paris) == utc("2026-10-25T00:30:00Z"))
        // At 02:50 CEST, between the two → 02:30 CET (01:30 UTC), the same day, not the next.
        #expect(short.nextOpening(after: utc("2026-10-25T00:50:00Z"), in: paris) == utc("2026-10-25T01:30:00Z"))
    }

    @Test func codableAsTexts() throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        let json = String(decoding: try encoder.encode(daytime), as: UTF8.self)
        #expect(json == #"{"end":"20:00","start":"09:00"}"#)
        #expect(try JSONDecoder().decode(SendWindow.self, from: Data(json.utf8)) == daytime)
        #expect(throws: DecodingError.self) { try JSONDecoder().decode(SendWindow.self, from: Data(#"{"start":"20:00","end":"09:00"}"#.utf8)) }
    }
}
