import Testing

@testable import RelaisCore

/// A fixed-line or mobile example number of one region (libphonenumber's examples, 2 per region),
/// used to check that every line of the plan table reads real numbers of its region.
/// Argentina's mobile example is left out: its national writing needs the `15` token rewrite, not supported.
struct RegionExample: Sendable, CustomTestStringConvertible {
    let defaultRegion: String
    let ownerRegion: String
    let e164: String
    let national: String

    var testDescription: String { "\(defaultRegion) \(national)" }

    static let all: [RegionExample] = (firstHalf + "\n" + secondHalf).split(separator: "\n").map { line in
        let columns = line.split(separator: "\t").map(String.init)
        return RegionExample(defaultRegion: columns[0], ownerRegion: columns[1], e164: columns[2], national: columns[3])
    }
}

/// Namespace for the example data split over two files.
enum RegionExamples {}

extension RegionExample {
    static var firstHalf: String { RegionExamples.firstHalf }
    static var secondHalf: String { RegionExamples.secondHalf }
}

@Suite("Example numbers of every region")
struct RegionExampleTests {
    let parser = PhoneNumberParser()

    @Test("national, +, 00 and display writings all give the same number", arguments: RegionExample.all)
    func example(_ example: RegionExample) throws {
        let national = try parser.parse(example.national, defaultRegion: example.defaultRegion)
        #expect(national.e164 == example.e164)
        #expect(national.regionCode == example.ownerRegion)
        let international = try parser.parse(example.e164, defaultRegion: nil)
        #expect(international == national)
        #expect(international.regionCode == example.ownerRegion)
        let withDoubleZero = try parser.parse("00" + example.e164.dropFirst(), defaultRegion: example.defaultRegion)
        #expect(withDoubleZero == national)
        #expect(try parser.parse(parser.internationalFormat(national), defaultRegion: nil) == national)
    }

    @Test("every region of the table has an example")
    func coverage() {
        let covered = Set(RegionExample.all.map(\.defaultRegion))
        let missing = parser.allRegions.map(\.code).filter { !covered.contains($0) }
        // XK has no example in the source data; it is exercised by the ISO list test instead.
        #expect(missing.allSatisfy { $0 == "XK" }, "no example for \(missing)")
    }
}
