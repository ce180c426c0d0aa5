import Foundation
import Testing

@testable import RelaisReports

#if canImport(FoundationXML)
    import FoundationXML
#endif

@Suite struct XLSXReaderTests {
    let directory: TestDirectory
    init() throws { directory = try TestDirectory() }

    private var contactsSheet: String {
        HandMadeWorkbook.sheet(
            #"<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c><c r="C1" t="s"><v>2</v></c><c r="D1" t="s"><v>4</v></c></row>"#
                + #"<row r="2"><c r="A2" t="s"><v>3</v></c><c r="B2"><v>3.3612345678E10</v></c><c r="C2" s="1"><v>45292</v></c>"#
                + #"<c r="D2" t="inlineStr"><is><t>inline é</t></is></c></row>"#
                + #"<row r="7"><c r="C7" t="b"><v>1</v></c><c r="E7" s="2"><v>45292.5</v></c></row>"#
                + #"<row r="8"><c r="A8" t="str"><f>CONCAT("a","b")</f><v>ab</v></c><c r="B8"><f>1+1</f><v>2</v></c>"#
                + #"<c r="C8" s="3"><v>45292.75</v></c><c r="D8" s="4"><v>1234.5</v></c><c r="E8"><v>33612345678</v></c>"#
                + #"<c r="F8"><v>1.5E-3</v></c><c r="G8" t="e"><v>#N/A</v></c><c r="H8" s="5"><v>12</v></c></row>"#
                + #"<row><c><v>1</v></c><c t="inlineStr"><is><r><t>rich</t></r><r><t> inline</t></r></is></c></row>"#)
    }

    private func workbook() throws -> URL {
        let other = HandMadeWorkbook.sheet(#"<row r="1"><c r="B1" t="inlineStr"><is><t>second sheet</t></is></c></row>"#)
        return try directory.zip(
            "contacts.xlsx",
            parts: HandMadeWorkbook.parts(
                sheets: [("Contacts", contactsSheet), ("Autre &amp; plus", other)], sharedStrings: HandMadeWorkbook.sharedStrings,
                styles: HandMadeWorkbook.styles))
    }

    @Test func readsSharedInlineNumbersDatesAndSparseCells() throws {
        let reader = try XLSXReader(url: workbook())
        #expect(reader.sheetNames == ["Contacts", "Autre & plus"])
        #expect(reader.sheetName == "Contacts")
        let rows = try readAll(reader)
        #expect(rows.map(\.number) == [1, 2, 7, 8, 9])
        #expect(rows[0].cells == ["name", "phone", "birthday", "note"])
        #expect(rows[1].cells == ["Renée & Zoë 🎉", "33612345678", "2024-01-01", "inline é"])
        #expect(rows[2].cells == ["", "", "TRUE", "", "2024-01-01"])
        #expect(rows[3].cells == ["ab", "2", "2024-01-01 18:00:00", "1234.5", "33612345678", "0.0015", "#N/A", "12"])
        #expect(rows[4].cells == ["1", "rich inline"])
    }

    @Test func readsAChosenSheetByName() throws {
        let url = try workbook()
        #expect(try XLSXReader.sheetNames(of: url) == ["Contacts", "Autre & plus"])
        #expect(try cells(XLSXReader(url: url, sheet: "autre & PLUS")) == [["", "second sheet"]])
        #expect(
            spreadsheetError { _ = try XLSXReader(url: url, sheet: "Missing") }
                == .sheetNotFound(name: "Missing", available: ["Contacts", "Autre & plus"]))
    }

    @Test func aCSVRenamedXLSXIsNotAWorkbook() throws {
        let fake = try directory.file("contacts.xlsx", text: "name;phone\nAda;0612345678\n")
        guard case .notAnXLSX = spreadsheetError({ _ = try XLSXReader(url: fake) }) else {
            Issue.record("expected notAnXLSX")
            return
        }
        let empty = try directory.file("empty.xlsx", bytes: [])
        #expect(spreadsheetError { _ = try XLSXReader(url: empty) } == .notAnXLSX(reason: "the file is empty"))
        let legacy = try directory.file("old.xlsx", bytes: [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1])
        #expect(spreadsheetError { _ = try XLSXReader(url: legacy) } == .notAnXLSX(reason: "it is an old .xls file or a password-protected workbook"))
        let otherZip = try directory.zip("other.xlsx", parts: [("word/document.xml", "<w/>")])
        #expect(spreadsheetError { _ = try XLSXReader(url: otherZip) } == .notAnXLSX(reason: "the zip archive has no xl/workbook.xml"))
    }

    /// A sheet of 8 MiB of one repeated byte deflates to a few KiB.
    private func bomb() throws -> URL {
        let filler = String(repeating: "A", count: 8 << 20)
        let sheet = HandMadeWorkbook.sheet(#"<row r="1"><c t="inlineStr"><is><t>\#(filler)</t></is></c></row>"#)
        return try directory.zip("bomb.xlsx", parts: HandMadeWorkbook.parts(sheets: [("Bomb", sheet)]))
    }

    @Test func zipBombStopsAtTheInflatedSizeCap() throws {
        let url = try bomb()
        #expect(try FileManager.default.attributesOfItem(atPath: url.path)[.size] as? Int ?? .max < 100_000)
        let limits = XLSXLimits(maxInflatedBytes: 1 << 20, maxCompressionRatio: 10_000)
        #expect(spreadsheetError { _ = try XLSXReader(url: url, limits: limits) } == .tooLarge(part: "xl/worksheets/sheet1.xml", limit: 1 << 20))
    }

    @Test func zipBombStopsAtTheCompressionRatio() throws {
        let error = spreadsheetError { _ = try XLSXReader(url: bomb()) }
        guard case .zipBomb(let part, let ratio, let limit) = error else {
            Issue.record("expected zipBomb, got \(String(describing: error))")
            return
        }
        #expect(part == "xl/worksheets/sheet1.xml" && ratio > limit && limit == 100)
    }

    @Test func billionLaughsIsRejected() throws {
        let laughs = #"<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>"#
        let sheet = HandMadeWorkbook.sheet(#"<row r="1"><c t="inlineStr"><is><t>&lol2;</t></is></c></row>"#)
            .replacingOccurrences(of: "?><worksheet", with: "?>\(laughs)<worksheet")
        let url = try directory.zip("laughs.xlsx", parts: HandMadeWorkbook.parts(sheets: [("S", sheet)]))
        #expect(spreadsheetError { _ = try XLSXReader(url: url) } == .forbiddenDTD(part: "xl/worksheets/sheet1.xml"))
    }

    @Test func externalEntityInSharedStringsIsRejected() throws {
        let xxe =
            #"<?xml version="1.0"?><!DOCTYPE sst [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><sst \#(HandMadeWorkbook.main)><si><t>&xxe;</t></si></sst>"#
        let sheet = HandMadeWorkbook.sheet(#"<row r="1"><c t="s"><v>0</v></c></row>"#)
        let url = try directory.zip("xxe.xlsx", parts: HandMadeWorkbook.parts(sheets: [("S", sheet)], sharedStrings: xxe))
        #expect(spreadsheetError { _ = try XLSXReader(url: url) } == .forbiddenDTD(part: "xl/sharedStrings.xml"))
    }

    @Test func doctypeScannerFindsDeclarationsSplitAcrossChunks() {
        var scanner = DoctypeScanner()
        let first = scanner.scan(Array("<?xml version=\"1.0\"?><!-- <!DOC".utf8))
        let second = scanner.scan(Array("<<!DOC".utf8))
        let third = scanner.scan(Array("TYPE a>".utf8))
        #expect(!first && !second && third)
        var clean = DoctypeScanner()
        let legitimate = clean.scan(Array("<a><![CDATA[x]]><!-- c --></a>".utf8))
        #expect(!legitimate)
    }

    @Test func linuxXMLParserExpandsEntitiesSoTheByteScanIsNeeded() throws {
        // Documents why `DoctypeScanner` exists: FoundationXML on Linux neither reports entity
        // declarations to the delegate nor refuses them. If this ever changes, both guards hold.
        let xml = #"<?xml version="1.0"?><!DOCTYPE a [<!ENTITY e "x">]><a>&e;</a>"#
        let delegate = GuardedXMLDelegate()
        let error = spreadsheetError { try delegate.run(XMLParser(data: Data(xml.utf8)), part: "test.xml") }
        #if os(Linux)
            #expect(error == nil || error == .forbiddenDTD(part: "test.xml"))
        #else
            #expect(error == .forbiddenDTD(part: "test.xml"))
        #endif
    }

    @Test func tooManyColumnsRejectsTheFile() throws {
        // ALM is column 1,001; the columns in between are never allocated.
        let sheet = HandMadeWorkbook.sheet(#"<row r="1"><c r="A1"><v>1</v></c></row><row r="2"><c r="ALM2"><v>1</v></c></row>"#)
        let reader = try XLSXReader(url: directory.zip("wide.xlsx", parts: HandMadeWorkbook.parts(sheets: [("S", sheet)])))
        #expect(try reader.next()?.cells == ["1"])
        #expect(spreadsheetError { _ = try reader.next() } == .tooManyColumns(row: 2, count: 1_001, limit: 1_000))
    }

    @Test func oversizedCellsRejectTheirRowOnly() throws {
        let big = String(repeating: "x", count: 70_000)
        let strings = #"<sst \#(HandMadeWorkbook.main)><si><t>\#(big)</t></si><si><t>ok</t></si></sst>"#
        let sheet = HandMadeWorkbook.sheet(
            #"<row r="1"><c t="inlineStr"><is><t>\#(big)</t></is></c></row><row r="2"><c t="s"><v>1</v></c><c t="s"><v>0</v></c></row>"#
                + #"<row r="3"><c t="s"><v>1</v></c></row>"#)
        let url = try directory.zip("big.xlsx", parts: HandMadeWorkbook.parts(sheets: [("S", sheet)], sharedStrings: strings))
        let rows = try readAll(XLSXReader(url: url))
        #expect(
            rows.map(\.rejection) == [
                .cellTooLarge(column: 1, bytes: 70_000, limit: 65_536), .cellTooLarge(column: 2, bytes: 70_000, limit: 65_536), nil,
            ])
        #expect(rows[2].cells == ["ok"])
    }

    @Test func sharedStringsTableIsBounded() throws {
        let sheet = HandMadeWorkbook.sheet(#"<row r="1"><c t="s"><v>0</v></c></row>"#)
        let strings = #"<sst \#(HandMadeWorkbook.main)><si><t>a</t></si><si><t>bb</t></si><si><t>ccc</t></si></sst>"#
        let url = try directory.zip("sst.xlsx", parts: HandMadeWorkbook.parts(sheets: [("S", sheet)], sharedStrings: strings))
        #expect(spreadsheetError { _ = try XLSXReader(url: url, limits: XLSXLimits(maxSharedStrings: 2)) } == .tooManySharedStrings(limit: 2))
        #expect(spreadsheetError { _ = try XLSXReader(url: url, limits: XLSXLimits(maxSharedStringBytes: 4)) } == .sharedStringsTooLarge(limit: 4))
    }

    @Test func malformedSheetFailsAfterTheRowsBeforeIt() throws {
        let sheet = HandMadeWorkbook.sheet(#"<row r="1"><c t="inlineStr"><is><t>ok</t></is></c></row><row r="2"><c>"#)
        let reader = try XLSXReader(url: directory.zip("broken.xlsx", parts: HandMadeWorkbook.parts(sheets: [("S", sheet)])))
        #expect(try reader.next()?.cells == ["ok"])
        guard case .corruptXLSX = spreadsheetError({ _ = try reader.next() }) else {
            Issue.record("expected corruptXLSX")
            return
        }
    }
}
