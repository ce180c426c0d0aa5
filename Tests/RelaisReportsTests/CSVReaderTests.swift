import Foundation
import Testing

@testable import RelaisReports

@Suite struct CSVReaderTests {
    let directory: TestDirectory
    init() throws { directory = try TestDirectory() }

    private func read(_ bytes: [UInt8], options: CSVReaderOptions = CSVReaderOptions()) throws -> (CSVReader, [[String]]) {
        let reader = try CSVReader(url: directory.file("input.csv", bytes: bytes), options: options)
        return (reader, try cells(reader))
    }

    private let french = "nom;téléphone\r\nRenée Müller;06 12 34 56 78\r\nJosé Æbelø;+33 6 98 76 54 32\r\n"
    private var frenchRows: [[String]] { [["nom", "téléphone"], ["Renée Müller", "06 12 34 56 78"], ["José Æbelø", "+33 6 98 76 54 32"]] }

    @Test func utf8WithoutBOM() throws {
        let (reader, rows) = try read(Array(french.utf8))
        #expect(reader.encoding == .utf8)
        #expect(reader.separator == .semicolon)
        #expect(rows == frenchRows)
    }

    @Test func utf8WithBOM() throws {
        let (reader, rows) = try read([0xEF, 0xBB, 0xBF] + Array(french.utf8))
        #expect(reader.encoding == .utf8)
        #expect(rows == frenchRows)  // The BOM does not stick to the first header.
    }

    @Test func utf16LittleEndianWithBOM() throws {
        let bytes = french.utf16.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] }
        let (reader, rows) = try read([0xFF, 0xFE] + bytes, options: CSVReaderOptions(chunkSize: 7))
        #expect(reader.encoding == .utf16LittleEndian)
        #expect(rows == frenchRows)
    }

    @Test func utf16LittleEndianWithoutBOMIsDetected() throws {
        let bytes = french.utf16.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] }
        let (reader, rows) = try read(bytes)
        #expect(reader.encoding == .utf16LittleEndian)
        #expect(rows == frenchRows)
    }

    @Test func utf16BigEndianWithBOMAndEmoji() throws {
        let text = "name,emoji\r\nAda,🎉 fête\r\n"
        let bytes = text.utf16.flatMap { [UInt8($0 >> 8), UInt8($0 & 0xFF)] }
        // A chunk size of 5 splits code units and surrogate pairs across chunks.
        let (reader, rows) = try read([0xFE, 0xFF] + bytes, options: CSVReaderOptions(chunkSize: 5))
        #expect(reader.encoding == .utf16BigEndian)
        #expect(rows == [["name", "emoji"], ["Ada", "🎉 fête"]])
    }

    @Test func windows1252IsDetectedFromInvalidUTF8() throws {
        // "Renée;€5;Œuvre" in Windows-1252: é = E9, € = 80, Œ = 8C.
        let bytes: [UInt8] =
            Array("nom;prix;titre\n".utf8) + [0x52, 0x65, 0x6E, 0xE9, 0x65, 0x3B, 0x80, 0x35, 0x3B, 0x8C, 0x75, 0x76, 0x72, 0x65, 0x0A]
        let (reader, rows) = try read(bytes)
        #expect(reader.encoding == .windows1252)
        #expect(rows == [["nom", "prix", "titre"], ["Renée", "€5", "Œuvre"]])
    }

    @Test func latin1FieldsAfterAUTF8LookingStartStillDecode() throws {
        // Detection only sees the first chunk (here 16 bytes); a later invalid byte falls back per field.
        let bytes: [UInt8] = Array("name,city\nAda,Paris\n".utf8) + [0x52, 0x65, 0x6E, 0xE9, 0x65, 0x2C, 0x4E, 0xEE, 0x6D, 0x65, 0x73, 0x0A]
        let (reader, rows) = try read(bytes, options: CSVReaderOptions(chunkSize: 16))
        #expect(reader.encoding == .utf8)
        #expect(rows == [["name", "city"], ["Ada", "Paris"], ["Renée", "Nîmes"]])
    }

    @Test func forcedLatin1() throws {
        let bytes: [UInt8] = Array("a,b\n".utf8) + [0xE9, 0x2C, 0x80, 0x0A]
        let (reader, rows) = try read(bytes, options: CSVReaderOptions(encoding: .latin1))
        #expect(reader.encoding == .latin1)
        #expect(rows == [["a", "b"], ["é", "\u{80}"]])
    }

    @Test(arguments: [(",", CSVSeparator.comma), (";", .semicolon), ("\t", .tab)])
    func separatorIsDetected(separator: String, expected: CSVSeparator) throws {
        // The other candidates appear inside quotes or cells, which must not fool detection.
        let text =
            ["name", "phone", "note"].joined(separator: separator) + "\n"
            + ["\"Doe, John; Jr\"", "0612345678", "\"1,5\""].joined(separator: separator) + "\n"
        let (reader, rows) = try read(Array(text.utf8))
        #expect(reader.separator == expected)
        #expect(rows == [["name", "phone", "note"], ["Doe, John; Jr", "0612345678", "1,5"]])
    }

    @Test func forcedSeparator() throws {
        let (reader, rows) = try read(Array("a;b,c\n".utf8), options: CSVReaderOptions(separator: .comma))
        #expect(reader.separator == .comma)
        #expect(rows == [["a;b", "c"]])
    }

    @Test func quotedFieldsWithNewlinesSeparatorsAndDoubledQuotes() throws {
        let text = "name,address,note\r\n\"Martin\",\"12 rue X\r\n75001 Paris\",\"he said \"\"hi\"\", twice\"\n\"a\rb\",c,d\r"
        let reader = try CSVReader(url: directory.file("q.csv", text: text))
        let rows = try readAll(reader)
        #expect(
            rows.map(\.cells) == [["name", "address", "note"], ["Martin", "12 rue X\r\n75001 Paris", "he said \"hi\", twice"], ["a\rb", "c", "d"]])
        #expect(rows.map(\.number) == [1, 2, 3])
    }

    @Test func lineEndingsCRLFLFAndCRAndBlankLines() throws {
        let (_, rows) = try read(Array("a,b\r\n1,2\n\n3,4\r5,6".utf8))
        #expect(rows == [["a", "b"], ["1", "2"], ["3", "4"], ["5", "6"]])
        let reader = try CSVReader(url: directory.file("blank.csv", text: "a,b\r\n1,2\n\n,\n3,4\r\n"))
        // Blank rows are skipped but still counted, so numbers match what Excel shows.
        #expect(try readAll(reader).map(\.number) == [1, 2, 5])
    }

    @Test func oneColumnFile() throws {
        let (reader, rows) = try read(Array("phone\n0612345678\n+221771234567\n".utf8))
        #expect(reader.separator == .comma)
        #expect(rows == [["phone"], ["0612345678"], ["+221771234567"]])
    }

    @Test func emptyFileHasNoRows() throws {
        let (_, rows) = try read([])
        #expect(rows.isEmpty)
        let (_, bomOnly) = try read([0xEF, 0xBB, 0xBF, 0x0D, 0x0A])
        #expect(bomOnly.isEmpty)
    }

    @Test func headerOnlyFileHasOneRow() throws {
        let (_, rows) = try read(Array("name;phone\r\n".utf8))
        #expect(rows == [["name", "phone"]])
    }

    @Test func tenThousandColumnsRejectTheFile() throws {
        let text = "a,b\n" + Array(repeating: "x", count: 10_000).joined(separator: ",") + "\n"
        let reader = try CSVReader(url: directory.file("wide.csv", text: text))
        #expect(try reader.next()?.cells == ["a", "b"])
        #expect(spreadsheetError { _ = try reader.next() } == .tooManyColumns(row: 2, count: 10_000, limit: 1_000))
    }

    @Test func oneMegabyteCellRejectsOnlyItsRow() throws {
        let text = "name,note\nAda," + String(repeating: "é", count: 512 * 1024) + "\nGrace,ok\n"
        let reader = try CSVReader(url: directory.file("big.csv", text: text))
        let rows = try readAll(reader)
        #expect(rows.count == 3)
        #expect(rows[1].number == 2 && rows[1].cells.isEmpty)
        #expect(rows[1].rejection == .cellTooLarge(column: 2, bytes: 1_048_576, limit: 65_536))
        #expect(rows[2].cells == ["Grace", "ok"] && rows[2].rejection == nil)
    }

    @Test func unterminatedQuoteFailsTheFile() throws {
        let reader = try CSVReader(url: directory.file("open.csv", text: "a,b\n1,\"never closed\n2,3\n"))
        #expect(try reader.next()?.cells == ["a", "b"])
        #expect(spreadsheetError { _ = try reader.next() } == .unterminatedQuote(row: 2))
    }

    @Test func quotesAcrossChunkBoundaries() throws {
        let text = "a,b\r\n\"x\"\"y\",\"1\r\n2\"\r\nlast,row"
        for chunkSize in [16, 17, 18, 19] {
            let reader = try CSVReader(url: directory.file("c\(chunkSize).csv", text: text), options: CSVReaderOptions(chunkSize: chunkSize))
            #expect(try cells(reader) == [["a", "b"], ["x\"y", "1\r\n2"], ["last", "row"]])
        }
    }

    @Test func missingFileIsUnreadable() {
        let missing = directory.url.appendingPathComponent("missing.csv")
        guard case .unreadable = spreadsheetError({ _ = try CSVReader(url: missing) }) else {
            Issue.record("expected .unreadable")
            return
        }
    }
}
