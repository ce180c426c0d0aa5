import Foundation
import Testing

@testable import RelaisReports

@Suite struct SpreadsheetFormatTests {
    let directory: TestDirectory
    init() throws { directory = try TestDirectory() }

    @Test func formatComesFromTheNameCheckedAgainstTheBytes() throws {
        let csv = try directory.file("upload-1", text: "phone\n0612345678\n")
        let workbook = try directory.zip("upload-2", parts: HandMadeWorkbook.parts(sheets: [("S", HandMadeWorkbook.sheet(""))]))
        #expect(SpreadsheetFormat.detect(url: csv, fileName: "contacts.csv") == .csv)
        #expect(SpreadsheetFormat.detect(url: csv, fileName: "contacts") == .csv)
        #expect(SpreadsheetFormat.detect(url: workbook, fileName: "contacts.CSV") == .xlsx)
        #expect(SpreadsheetFormat.detect(url: workbook, fileName: "contacts.xlsx") == .xlsx)
        // A CSV renamed .xlsx goes to the XLSX reader, which says precisely what is wrong.
        let renamed = SpreadsheetFormat.detect(url: csv, fileName: "contacts.xlsx")
        #expect(renamed == .xlsx)
        guard case .notAnXLSX = spreadsheetError({ _ = try renamed.makeReader(url: csv) }) else {
            Issue.record("expected notAnXLSX")
            return
        }
    }

    @Test func bothReadersServeTheImporterAlike() throws {
        let csv = try directory.file("c.csv", text: "name;phone\r\nAda;0612345678\r\n")
        let url = directory.url.appendingPathComponent("c.xlsx")
        let writer = try XLSXWriter(url: url)
        try writer.addSheet(name: "S", columns: [XLSXColumn("name"), XLSXColumn("phone")]).append([.text("Ada"), .text("0612345678")])
        try writer.finish()
        for (file, name) in [(csv, "c.csv"), (url, "c.xlsx")] {
            let reader = try SpreadsheetFormat.detect(url: file, fileName: name).makeReader(url: file)
            #expect(
                try readAll(reader) == [
                    SpreadsheetRow(number: 1, cells: ["name", "phone"]), SpreadsheetRow(number: 2, cells: ["Ada", "0612345678"]),
                ])
        }
    }
}
