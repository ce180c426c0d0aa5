import Foundation
import Testing

@testable import RelaisReports

@Suite struct XLSXWriterTests {
    let directory: TestDirectory
    init() throws { directory = try TestDirectory() }

    /// 2024-03-01 14:30:05 UTC.
    private let instant = Date(timeIntervalSince1970: 1_709_303_405)

    @Test func roundTripThroughTheReader() throws {
        let url = directory.url.appendingPathComponent("report.xlsx")
        let writer = try XLSXWriter(url: url)
        let recipients = try writer.addSheet(
            name: "Recipients", columns: [XLSXColumn("Name", width: 30), XLSXColumn("Phone"), XLSXColumn("Sent", width: 20), XLSXColumn("Read rate")])
        let summary = try writer.addSheet(name: "Summary")
        try summary.append([.text("Campaign"), .text("Soldes d’été 🎉 <VIP> & \"amis\"")])
        try recipients.append([.text("Renée Zoë 👩🏽‍💻"), .number(33_612_345_678), .dateTime(instant), .percent(0.425)])
        try recipients.append([.text("bad\u{1}control\u{FFFE}chars\r\nkept lines"), .number(3.3612345678E10), .date(instant), .decimal(1234.5)])
        try recipients.append([.empty, .integer(1_234_567), .empty, .bool(true), .text("sparse"), .number(.nan)])
        try summary.append([.text("Delivered"), .integer(98_765)])
        try writer.finish()

        let reader = try XLSXReader(url: url)
        #expect(reader.sheetNames == ["Recipients", "Summary"])
        #expect(
            try cells(reader) == [
                ["Name", "Phone", "Sent", "Read rate"],
                ["Renée Zoë 👩🏽‍💻", "33612345678", "2024-03-01 14:30:05", "0.425"],
                ["badcontrolchars\r\nkept lines", "33612345678", "2024-03-01", "1234.5"],
                ["", "1234567", "", "TRUE", "sparse"],
            ])
        #expect(
            try cells(XLSXReader(url: url, sheet: "Summary")) == [
                ["Campaign", "Soldes d’été 🎉 <VIP> & \"amis\""], ["Delivered", "98765"],
            ])
    }

    @Test func workbookStructureHasStylesFrozenHeaderAndWidths() throws {
        let url = directory.url.appendingPathComponent("structure.xlsx")
        let writer = try XLSXWriter(url: url)
        try writer.addSheet(name: "Per day", columns: [XLSXColumn("Day", width: 12.5), XLSXColumn("Sent")]).append([.date(instant), .integer(3)])
        try writer.finish()
        let archive = try XLSXArchive(url: url, limits: XLSXLimits())
        let sheet = try #require(try archive.data(of: "xl/worksheets/sheet1.xml")).utf8String
        #expect(sheet.contains(#"<pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/>"#))
        #expect(sheet.contains(#"<col min="1" max="1" width="12.5" customWidth="1"/>"#))
        #expect(sheet.contains(#"<c r="A1" s="1" t="inlineStr"><is><t xml:space="preserve">Day</t></is></c>"#))
        #expect(sheet.contains(#"<c r="A2" s="6"><v>45352</v></c><c r="B2" s="2"><v>3</v></c>"#))
        let styles = try #require(try archive.data(of: "xl/styles.xml")).utf8String
        #expect(styles.contains(#"formatCode="0.0%""#) && styles.contains("<b/>") && styles.contains(#"patternType="solid""#))
        for part in ["[Content_Types].xml", "_rels/.rels", "xl/workbook.xml", "xl/_rels/workbook.xml.rels"] { #expect(archive.contains(part)) }
    }

    @Test func datesFollowTheTenantTimeZone() throws {
        let url = directory.url.appendingPathComponent("paris.xlsx")
        let writer = try XLSXWriter(url: url, timeZone: try #require(TimeZone(identifier: "Europe/Paris")))
        try writer.addSheet(name: "S").append([.dateTime(instant)])
        try writer.finish()
        #expect(try cells(XLSXReader(url: url)) == [["2024-03-01 15:30:05"]])
    }

    @Test func sheetNamesAreMadeValidAndUnique() throws {
        let url = directory.url.appendingPathComponent("names.xlsx")
        let writer = try XLSXWriter(url: url)
        let long = String(repeating: "Campagne été 🎉 ", count: 20)
        let names = try [long, long, "a/b:c*d?[e]", "'quoted'", "", "SHEET"].map { try writer.addSheet(name: $0).name }
        try writer.finish()
        #expect(names.allSatisfy { $0.utf16.count <= 31 })
        #expect(Set(names.map { $0.lowercased() }).count == names.count)
        #expect(names[2] == "a b c d e" && names[3] == "quoted" && names[4] == "Sheet" && names[5] == "SHEET (2)")
        #expect(try XLSXReader.sheetNames(of: url) == names)
    }

    @Test func emptyWorkbookGetsOneSheetAndWriterRefusesReuse() throws {
        let url = directory.url.appendingPathComponent("empty.xlsx")
        let writer = try XLSXWriter(url: url)
        try writer.finish()
        #expect(try XLSXReader.sheetNames(of: url) == ["Sheet1"])
        #expect(try readAll(XLSXReader(url: url)).isEmpty)
        #expect(throws: SpreadsheetWriteError.alreadyFinished) { try writer.finish() }
    }

    @Test func hundredThousandRowsStreamThroughWriterAndReader() throws {
        let url = directory.url.appendingPathComponent("big.xlsx")
        let writer = try XLSXWriter(url: url)
        let sheet = try writer.addSheet(name: "Recipients", columns: [XLSXColumn("Phone"), XLSXColumn("Status"), XLSXColumn("At")])
        for index in 0..<100_000 {
            try sheet.append([.text("+336\(10_000_000 + index)"), .text(index % 7 == 0 ? "read" : "delivered"), .dateTime(instant)])
        }
        try writer.finish()
        let reader = try XLSXReader(url: url)
        var count = 0
        var last: SpreadsheetRow?
        while let row = try reader.next() {
            count += 1
            last = row
        }
        #expect(count == 100_001)
        #expect(last?.number == 100_001 && last?.cells.first == "+33610099999")
    }

    @Test func closingEarlyStopsTheParser() throws {
        let url = directory.url.appendingPathComponent("early.xlsx")
        let writer = try XLSXWriter(url: url)
        let sheet = try writer.addSheet(name: "S")
        for index in 0..<20_000 { try sheet.append([.integer(index)]) }
        try writer.finish()
        let reader = try XLSXReader(url: url)
        #expect(try reader.next()?.cells == ["0"])
        reader.close()
        #expect(try reader.next() == nil)
    }
}

extension Data {
    var utf8String: String { String(decoding: self, as: UTF8.self) }
}
