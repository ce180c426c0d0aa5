import Foundation
import Testing

@testable import RelaisReports

@Suite struct CSVWriterTests {
    let directory: TestDirectory
    init() throws { directory = try TestDirectory() }

    @Test func quotesBOMAndRoundTrip() throws {
        let url = directory.url.appendingPathComponent("out.csv")
        let writer = try CSVWriter(url: url)
        let rows = [["name", "note"], ["Doe, John", "said \"hi\"\nthen left"], ["Zoë 🎉", ""]]
        for row in rows { try writer.write(row) }
        try writer.finish()
        let bytes = [UInt8](try Data(contentsOf: url))
        #expect(bytes.starts(with: [0xEF, 0xBB, 0xBF]))
        #expect(String(decoding: bytes.dropFirst(3), as: UTF8.self) == "name,note\r\n\"Doe, John\",\"said \"\"hi\"\"\nthen left\"\r\nZoë 🎉,\r\n")
        #expect(try cells(CSVReader(url: url)) == rows)
    }

    @Test func formulaInjectionIsDefused() {
        func encode(_ field: String) -> String { CSVWriter.encode(field, separator: .semicolon, guardsAgainstFormulas: true) }
        #expect(encode("=HYPERLINK(\"http://evil\")") == "\"'=HYPERLINK(\"\"http://evil\"\")\"")
        #expect(encode("+cmd|' /C calc'!A0") == "'+cmd|' /C calc'!A0")
        #expect(encode("-2+3") == "'-2+3")
        #expect(encode("@SUM(A1)") == "'@SUM(A1)")
        // Plain numbers cannot be formulas: E.164 phones and negatives stay as they are.
        #expect(encode("+33612345678") == "+33612345678")
        #expect(encode("-12.5") == "-12.5")
        #expect(encode("a;b") == "\"a;b\"")
        #expect(CSVWriter.encode("=1+1", separator: .comma, guardsAgainstFormulas: false) == "=1+1")
    }

    @Test func semicolonWithoutBOM() throws {
        let url = directory.url.appendingPathComponent("fr.csv")
        let writer = try CSVWriter(url: url, options: CSVWriterOptions(separator: .semicolon, byteOrderMark: false))
        try writer.write(["prix", "1,5"])
        try writer.finish()
        #expect(try String(contentsOf: url, encoding: .utf8) == "prix;1,5\r\n")
        #expect(throws: SpreadsheetWriteError.alreadyFinished) { try writer.write(["x"]) }
    }
}
