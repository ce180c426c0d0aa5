import Testing

@testable import RelaisReports

@Suite struct XLSXValueTextTests {
    @Test(arguments: [
        ("3.3612345678E10", "33612345678"), ("33612345678", "33612345678"), ("3.3612345678e+10", "33612345678"),
        ("1.5E-3", "0.0015"), ("0.30000000000000004", "0.3"), ("-2.5E2", "-250"), ("12.50", "12.5"), ("1.0", "1"),
        ("0", "0"), ("-0", "0"), ("007", "7"), ("2.2123456789012E+14", "221234567890120"), ("1E+20", "100000000000000000000"),
        ("not a number", "not a number"),
    ])
    func numbersAreRenderedAsPlainDigits(raw: String, expected: String) {
        #expect(XLSXValueText.number(raw) == expected)
    }

    @Test func serialDatesFollowExcelsCalendars() {
        #expect(XLSXValueText.date("1", kind: .date, uses1904Dates: false) == "1900-01-01")
        #expect(XLSXValueText.date("59", kind: .date, uses1904Dates: false) == "1900-02-28")
        #expect(XLSXValueText.date("61", kind: .date, uses1904Dates: false) == "1900-03-01")
        #expect(XLSXValueText.date("45292", kind: .date, uses1904Dates: false) == "2024-01-01")
        #expect(XLSXValueText.date("45351.999999999", kind: .dateTime, uses1904Dates: false) == "2024-03-01 00:00:00")
        #expect(XLSXValueText.date("0", kind: .date, uses1904Dates: true) == "1904-01-01")
        #expect(XLSXValueText.date("0.5", kind: .time, uses1904Dates: false) == "12:00:00")
        #expect(XLSXValueText.date("-1", kind: .date, uses1904Dates: false) == nil)
    }

    @Test(arguments: [
        ("dd/mm/yyyy", XLSXDateKind?.some(.date)), ("yyyy-mm-dd hh:mm:ss", .dateTime), ("h:mm", .time), ("mm:ss", .time),
        ("[$-409]mmmm d, yyyy;@", .date), ("mmm-yy", .date), ("General", nil), ("0\" days\"", nil), ("#,##0.00 [$€-407]", nil),
        ("[Red]0.00;[Blue]-0.00", nil), ("0.0%", nil), ("0.00E+00", nil), ("\\d0", nil),
    ])
    func customFormatsAreClassified(code: String, expected: XLSXDateKind?) {
        #expect(XLSXDateKind.custom(code) == expected)
    }

    @Test func builtInFormats() {
        #expect((14...17).allSatisfy { XLSXDateKind.builtIn($0) == .date })
        #expect((18...21).allSatisfy { XLSXDateKind.builtIn($0) == .time })
        #expect(XLSXDateKind.builtIn(22) == .dateTime)
        #expect(XLSXDateKind.builtIn(0) == nil && XLSXDateKind.builtIn(3) == nil && XLSXDateKind.builtIn(49) == nil)
    }

    @Test func cellReferences() {
        #expect(XLSXCellReference.column(of: "A1") == 0)
        #expect(XLSXCellReference.column(of: "C7") == 2)
        #expect(XLSXCellReference.column(of: "AA10") == 26)
        #expect(XLSXCellReference.column(of: "XFD1048576") == 16_383)
        #expect(XLSXCellReference.column(of: "12") == nil)
    }
}
