import Foundation
import RelaisCore
import Testing

@Suite struct LocalDateTimeTests {
    @Test(arguments: [
        ("2026-03-29T09:00:00", "2026-03-29T09:00:00"), ("2026-03-29T09:00", "2026-03-29T09:00:00"),
        ("2028-02-29T23:59:59", "2028-02-29T23:59:59"), ("2000-02-29T00:00", "2000-02-29T00:00:00"),
        ("0001-01-01T00:00", "0001-01-01T00:00:00"),
    ])
    func parsesAndPrints(text: String, printed: String) throws {
        let value = try #require(LocalDateTime(parsing: text))
        #expect(value.description == printed)
    }

    @Test func partsAreRead() {
        #expect(LocalDateTime(parsing: "2026-10-25T02:30:15") == LocalDateTime(year: 2026, month: 10, day: 25, hour: 2, minute: 30, second: 15))
    }

    @Test(arguments: [
        "2026-02-30T09:00", "2026-02-29T09:00", "1900-02-29T09:00", "2026-04-31T09:00", "2026-13-01T09:00", "2026-00-10T09:00",
        "2026-01-00T09:00", "2026-01-01T24:00", "2026-01-01T10:60", "2026-01-01T10:00:60", "0000-01-01T00:00", "2026-01-01 09:00",
        "2026-1-01T09:00", "2026-01-01T9:00", "2026-01-01", "2026-01-01T09:00:00Z", "2026-01-01T09:00:00+01:00", "", "２０２６-01-01T09:00",
        "2026-01-01T09:00:0", "+026-01-01T09:00",
    ])
    func refusesWhatIsNotARealWallClock(text: String) {
        #expect(LocalDateTime(parsing: text) == nil)
    }

    @Test func ordersChronologically() throws {
        let values = try ["2026-03-29T09:00", "2025-12-31T23:59:59", "2026-03-29T08:59:59", "2026-03-28T10:00", "2026-10-01T00:00"]
            .map { try #require(LocalDateTime(parsing: $0)) }
        #expect(
            values.sorted().map(\.description) == [
                "2025-12-31T23:59:59", "2026-03-28T10:00:00", "2026-03-29T08:59:59", "2026-03-29T09:00:00", "2026-10-01T00:00:00",
            ])
    }

    @Test func codableAsItsText() throws {
        let value = LocalDateTime(year: 2026, month: 3, day: 9, hour: 7, minute: 5, second: 0)
        let data = try JSONEncoder().encode([value])
        #expect(String(decoding: data, as: UTF8.self) == #"["2026-03-09T07:05:00"]"#)
        #expect(try JSONDecoder().decode([LocalDateTime].self, from: data) == [value])
        #expect(throws: DecodingError.self) { try JSONDecoder().decode([LocalDateTime].self, from: Data(#"["2026-02-30T00:00"]"#.utf8)) }
    }
}
