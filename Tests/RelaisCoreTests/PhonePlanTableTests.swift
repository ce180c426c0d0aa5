import Testing

@testable import RelaisCore

/// The numbering-plan table: it loads from the bundle, every line is sane, and nothing is missing.
@Suite("Phone plan table")
struct PhonePlanTableTests {
    /// Data lines of the bundled file (not comments, not the column header).
    static func dataLines() throws -> [Substring] {
        Array(try PhonePlanTable.bundledText().split(separator: "\n").filter { !$0.hasPrefix("#") }.dropFirst())
    }

    @Test("the bundled table loads through Bundle.module")
    func loads() throws {
        let table = try PhonePlanTable.loadBundled()
        #expect(table.plansByRegion.count >= 245)
    }

    @Test("every line parses on its own and has sane values")
    func everyLine() throws {
        for (index, line) in try Self.dataLines().enumerated() {
            let plan = try PhonePlanTable.plan(from: line, line: index + 1)
            let lengths = plan.lengthList
            #expect((1...999).contains(plan.callingCode), "\(line)")
            #expect(!lengths.isEmpty && lengths[0] >= 4, "\(line)")
            // E.164 caps the whole number, calling code included, at 15 digits.
            #expect(String(plan.callingCode).count + (lengths.last ?? 99) <= 15, "\(line)")
            #expect(plan.trunkPrefixesLongestFirst.allSatisfy { $0.count <= 2 }, "\(line)")
            #expect(plan.groups.allSatisfy { lengths.contains($0.reduce(0, +)) }, "\(line)")
        }
    }

    @Test("no region appears twice, and every line becomes a plan")
    func noDuplicates() throws {
        let lines = try Self.dataLines()
        let regions = lines.map { $0.prefix { $0 != "\t" } }.filter { $0 != "001" }
        #expect(Set(regions).count == regions.count)
        let table = try PhonePlanTable.loadBundled()
        #expect(table.plansByRegion.count == regions.count)
        #expect(table.plansByCode.values.reduce(0) { $0 + $1.count } == lines.count)
    }

    @Test("every ISO 3166-1 region with a calling code is in the table")
    func isoRegions() throws {
        let table = try PhonePlanTable.loadBundled()
        let missing = ISORegions.withCallingCode.filter { table.plansByRegion[$0] == nil }
        #expect(missing.isEmpty, "missing: \(missing)")
        let unexpected = Set(table.plansByRegion.keys).subtracting(ISORegions.withCallingCode).subtracting(ISORegions.exceptional)
        #expect(unexpected.isEmpty, "not ISO: \(unexpected)")
    }

    @Test("every calling code in service is in the table")
    func callingCodes() throws {
        let table = try PhonePlanTable.loadBundled()
        let missing = ISORegions.callingCodesInService.filter { table.plansByCode[$0] == nil }
        #expect(missing.isEmpty, "missing: \(missing)")
        #expect(table.plansByCode.count == ISORegions.callingCodesInService.count)
    }

    @Test("shared calling codes have one main region, tried last")
    func sharedCodes() throws {
        let table = try PhonePlanTable.loadBundled()
        for code in [1, 7, 39, 44, 47, 61, 212, 262, 290, 358, 590, 599] {
            let plans = try #require(table.plansByCode[code])
            #expect(plans.count > 1)
            #expect(plans.filter(\.isMain).count == 1)
            #expect(plans.last?.isMain == true)
        }
        #expect(table.plansByCode[1]?.count == 25)
    }

    @Test(
        "malformed tables are refused with the line",
        arguments: [
            ("FR\t33\t0\t00\t9\t[1-9]\t-\t-\nFR\t33\t0\t00\t9\t[1-9]\t-\t-", PhonePlanTableError.duplicateRegion("FR", line: 4)),
            ("FR\t33\t0\t00\t9\t[1-9]\t-", .malformedLine(line: 3, reason: "expected 8 columns, found 7")),
            ("FR\tX3\t0\t00\t9\t[1-9]\t-\t-", .malformedLine(line: 3, reason: "calling code “X3” is not 1 to 3 digits")),
            ("FR\t33\t0\t00\t10-9\t[1-9]\t-\t-", .malformedLine(line: 3, reason: "lengths “10-9” (1 to 17, ascending)")),
            ("FR\t33\t0\t00\t9\t[9-1]\t-\t-", .malformedLine(line: 3, reason: "leading digits “[9-1]”")),
            ("GB\t44\t0\t00\t10\t*\t-\tmain\nGG\t44\t0\t00\t10\t*\t-\t-", .ambiguousSharedCode(44)),
            ("GB\t44\t0\t00\t10\t*\t-\tmain\nGG\t44\t0\t00\t10\t1481\t-\tmain", .ambiguousSharedCode(44)),
        ])
    func malformed(_ body: String, _ expected: PhonePlanTableError) {
        #expect(throws: expected) { try PhonePlanTable(text: "# comment\nregion\tcode\n" + body) }
    }

    @Test("leading-digit patterns")
    func leadingDigits() throws {
        let pattern = try #require(LeadingDigitPattern("1481|7[78]X[2-46-9]"))
        func digits(_ text: String) -> PhoneDigits { PhoneDigits(text)! }
        #expect(pattern.matches(digits("1481123456")))
        #expect(pattern.matches(digits("7806123456")))
        #expect(pattern.matches(digits("7806")))
        #expect(!pattern.matches(digits("7855123456")))
        #expect(!pattern.matches(digits("148")))
        #expect(LeadingDigitPattern("*")?.allowsAnything == true)
        #expect(LeadingDigitPattern("-")?.matches(digits("123")) == false)
        for bad in ["", "1|", "[1-", "[]", "12a", "[1--2]"] { #expect(LeadingDigitPattern(Substring(bad)) == nil, "\(bad)") }
    }
}
