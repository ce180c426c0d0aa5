import Foundation
import PostgresNIO
import RelaisTestSupport
import Testing

@testable import RelaisReports

@Suite struct ContactImportTests {
    static let frenchCSV = """
        \u{FEFF}Nom;Prénom;Téléphone;Email;Ville
        Diop;Awa;06 12 34 56 78;awa@example.com;Paris
        Martin;Léa;+33 6 12-34-56-79;;"Lyon
        centre"
        Double;Dup;0033612345678;;Paris
        Bad;Num;06 12;;Nice
        Lettres;X;06 AB CD EF GH;;Nice
        ;;;;
        Sow;Ali;0612345680;;Dakar

        """

    @Test func aFrenchCSVIsReadMappedNormalisedAndDeduplicated() async throws {
        try await TestServer.with(environment: TestServer.importing) { server in
            let a = try await TestTenant.signUp(on: server)
            let report = try await server.importFile(
                "contacts.csv", Data(Self.frenchCSV.utf8), fields: ["tags": "salon, 2026", "consent": "opted_in", "consent_source": "salon form"],
                token: a.accessToken)
            #expect(report["state"] as? String == "completed", "\(report)")
            #expect(report["rows"] as? Int == 6)
            #expect(report["created"] as? Int == 3)
            #expect(report["duplicates"] as? Int == 1)
            #expect(report["invalid"] as? Int == 2)
            let errors = report["errors"] as? [[String: Any]] ?? []
            #expect(errors.compactMap { $0["row"] as? Int } == [5, 6])
            #expect((errors.first?["reason"] as? String)?.contains("too short") == true)
            let page = try await server.request(.GET, "/api/v1/contacts?q=Léa".addingPercentEncoding(withAllowedCharacters: .urlQueryAllowed)!, token: a.accessToken)
            let lea = try #require((page.json["data"] as? [[String: Any]])?.first)
            #expect(lea["phone"] as? String == "+33612345679")
            #expect(lea["first_name"] as? String == "Léa")
            #expect(lea["last_name"] as? String == "Martin")
            #expect(lea["name"] as? String == "Léa Martin")
            #expect((lea["attributes"] as? [String: String])?["ville"] == "Lyon\ncentre")
            #expect((lea["tags"] as? [String])?.sorted() == ["2026", "salon"])
            #expect((lea["consent"] as? [String: Any])?["status"] as? String == "opted_in")
            let rejected = try await server.request(.GET, "/api/v1/contacts/imports/\(report["id"] as? String ?? "")/rejected.csv", token: a.accessToken)
            #expect(rejected.status == 200)
            #expect(rejected.text.contains("row,reason,cells"))
            #expect(rejected.text.contains("06 AB CD EF GH"))
            #expect(try await server.request(.GET, "/api/v1/audit-log?limit=500", token: a.accessToken).text.contains("contacts.import_started"))
        }
    }

    @Test func encodingsAndSeparatorsAreDetected() async throws {
        try await TestServer.with(environment: TestServer.importing) { server in
            let a = try await TestTenant.signUp(on: server)
            let utf16 = "name\tphone\nZoë\t+221 77 123 45 67\n"
            var utf16Data = Data([0xFF, 0xFE])
            utf16Data.append(utf16.data(using: .utf16LittleEndian)!)
            let latin1 = "nom,portable\nRené Cañas,0612345670\n".data(using: .windowsCP1252)!
            for (name, data, phone, expected) in [
                ("utf16.csv", utf16Data, "+221771234567", "Zoë"), ("latin1.csv", latin1, "+33612345670", "René Cañas"),
            ] {
                let report = try await server.importFile(name, data, token: a.accessToken)
                #expect(report["state"] as? String == "completed", "\(name): \(report)")
                #expect(report["created"] as? Int == 1, "\(name)")
                let contact = (try await server.request(.GET, "/api/v1/contacts?q=\(phone.dropFirst())", token: a.accessToken).json["data"] as? [[String: Any]])?.first
                #expect(contact?["name"] as? String == expected, "\(name)")
            }
        }
    }

    @Test func anXLSXWithFloatNumbersIsImported() async throws {
        try await TestServer.with(environment: TestServer.importing) { server in
            let a = try await TestTenant.signUp(on: server)
            let url = FileManager.default.temporaryDirectory.appendingPathComponent("contacts-\(UUID()).xlsx")
            defer { try? FileManager.default.removeItem(at: url) }
            let writer = try XLSXWriter(url: url)
            let sheet = try writer.addSheet(name: "Clients", columns: [XLSXColumn("Nom complet"), XLSXColumn("Mobile"), XLSXColumn("Tags")])
            try sheet.append([.text("Float Number"), .number(33612345678), .text("a;b")])
            try sheet.append([.text("Text Number"), .text("+1 212 736 5000"), .empty])
            try sheet.append([.text("No Number"), .empty, .empty])
            try writer.finish()
            let report = try await server.importFile("clients.xlsx", try Data(contentsOf: url), token: a.accessToken)
            #expect(report["state"] as? String == "completed", "\(report)")
            #expect(report["created"] as? Int == 2)
            #expect(report["invalid"] as? Int == 1)
            #expect(Set(try await server.contactPhones("", token: a.accessToken)) == ["+33612345678", "+12127365000"])
            #expect(try await server.contactPhones("tags_all=a,b", token: a.accessToken) == ["+33612345678"])
        }
    }

    /// A file of several megabytes with CRLF line endings: the upload is written to disk in large pieces, and every
    /// byte must land once and in order, across the pieces and the parser's cuts at each line.
    @Test func aMultiMegabyteUploadArrivesByteForByte() async throws {
        try await TestServer.with(environment: TestServer.importing) { server in
            let a = try await TestTenant.signUp(on: server)
            let count = 4_000
            func note(_ row: Int) -> String { "note \(row) " + String(repeating: "abcdefghij", count: 70) + " end \(row)" }
            var csv = "phone,name,note\r\n"
            for row in 0..<count { csv += "06\(String(format: "%08d", 10_000_000 + row)),Client \(row),\(note(row))\r\n" }
            #expect(csv.utf8.count > 2 * 1024 * 1024)
            let report = try await server.importFile("large.csv", Data(csv.utf8), token: a.accessToken)
            #expect(report["state"] as? String == "completed", "\(report)")
            #expect(report["created"] as? Int == count)
            #expect(report["invalid"] as? Int == 0)
            for row in [0, 1_234, 2_999, count - 1] {
                let page = try await server.request(.GET, "/api/v1/contacts?q=336\(10_000_000 + row)", token: a.accessToken)
                let contact = try #require((page.json["data"] as? [[String: Any]])?.first, "row \(row)")
                #expect(contact["name"] as? String == "Client \(row)")
                #expect((contact["attributes"] as? [String: String])?["note"] == note(row))
            }
        }
    }

    /// An import that wrote more than 1,000 contacts analyses their tables before it shows as completed (migration
    /// 0018), so lists and segments read right after it are not planned on the statistics of the company before it.
    @Test func aBigImportRefreshesStatisticsBeforeItCompletes() async throws {
        let owner = try await TestDatabase.shared.start().owner
        @Sendable func analysed() async throws -> (at: Date?, tuples: Double) {
            try await TestDatabase.withClient(owner) { client in
                let rows = try await client.query(
                    "SELECT s.last_analyze, c.reltuples::float8 FROM pg_stat_user_tables s JOIN pg_class c ON c.oid = s.relid WHERE s.relname = 'contacts'")
                for try await (at, tuples) in rows.decode((Date?, Double).self) { return (at, tuples) }
                throw TestFailure("no statistics for contacts")
            }
        }
        try await TestServer.with(environment: TestServer.importing) { server in
            let a = try await TestTenant.signUp(on: server)
            let count = 1_500
            var csv = "phone,name\n"
            for row in 0..<count { csv += "07\(String(format: "%08d", 20_000_000 + row)),Client \(row)\n" }
            let started = Date()
            let report = try await server.importFile("big.csv", Data(csv.utf8), token: a.accessToken)
            #expect(report["state"] as? String == "completed", "\(report)")
            #expect(report["created"] as? Int == count)
            let after = try await analysed()
            let at = try #require(after.at, "contacts was never analysed")
            #expect(at >= started.addingTimeInterval(-1), "last analysed \(at), import started \(started)")
            #expect(after.tuples >= Double(count))
        }
    }

    @Test func duplicatesAgainstExistingContactsAreSkippedOrUpdated() async throws {
        try await TestServer.with(environment: TestServer.importing) { server in
            let a = try await TestTenant.signUp(on: server)
            _ = try await server.createContact(["name": "Existing", "phone": "+33612345678"], token: a.accessToken)
            let file = Data("phone,name,city\n0612345678,Changed,Paris\n0612345679,New,Lyon\n0612345679,New again,Lyon\n".utf8)
            let skipped = try await server.importFile("a.csv", file, token: a.accessToken)
            #expect(skipped["created"] as? Int == 1)
            #expect(skipped["updated"] as? Int == 0)
            #expect(skipped["duplicates"] as? Int == 2)
            let updated = try await server.importFile("b.csv", file, fields: ["on_duplicate": "update", "tags": "again"], token: a.accessToken)
            #expect(updated["created"] as? Int == 0)
            #expect(updated["updated"] as? Int == 2)
            #expect(updated["duplicates"] as? Int == 1)
            let contact = (try await server.request(.GET, "/api/v1/contacts?q=33612345678", token: a.accessToken).json["data"] as? [[String: Any]])?.first
            #expect(contact?["name"] as? String == "Changed")
            #expect((contact?["attributes"] as? [String: String])?["city"] == "Paris")
            #expect(contact?["tags"] as? [String] == ["again"])
        }
    }

    @Test func aSuppressedNumberIsReimportedOptedOut() async throws {
        try await TestServer.with(environment: TestServer.importing) { server in
            let a = try await TestTenant.signUp(on: server)
            let created = try await server.createContact(["name": "Gone", "phone": "+33612345678"], token: a.accessToken)
            let id = try #require(created["id"] as? String)
            _ = try await server.request(.POST, "/api/v1/contacts/\(id)/opt-out", json: ["source": "STOP"], token: a.accessToken)
            #expect(try await server.request(.DELETE, "/api/v1/contacts/\(id)", token: a.accessToken).status == 204)
            let report = try await server.importFile(
                "back.csv", Data("telephone\n06 12 34 56 78\n06 12 34 56 79\n".utf8), fields: ["consent": "opted_in", "consent_source": "fair"],
                token: a.accessToken)
            #expect(report["created"] as? Int == 2)
            #expect(try await server.contactPhones("consent=opted_out", token: a.accessToken) == ["+33612345678"])
            #expect(try await server.contactPhones("consent=opted_in", token: a.accessToken) == ["+33612345679"])
        }
    }

    @Test func anExplicitMappingAndDefaultCountryAreUsed() async throws {
        try await TestServer.with(environment: TestServer.importing) { server in
            let a = try await TestTenant.signUp(on: server)
            let file = Data("Col A,Col B,Col C\nKofi,77 123 45 67,x\n".utf8)
            let report = try await server.importFile(
                "m.csv", file, fields: ["mapping": #"{"Col A":"name","Col B":"phone","Col C":"attribute:code"}"#, "default_country": "SN"],
                token: a.accessToken)
            #expect(report["created"] as? Int == 1, "\(report)")
            let contact = (try await server.request(.GET, "/api/v1/contacts", token: a.accessToken).json["data"] as? [[String: Any]])?.first
            #expect(contact?["phone"] as? String == "+221771234567")
            #expect((contact?["attributes"] as? [String: String]) == ["code": "x"])
            let bad = try await server.upload("m.csv", file, fields: ["mapping": #"{"Col A":"nickname"}"#], token: a.accessToken)
            #expect(bad.status == 422)
            #expect(try await server.upload("m.csv", file, fields: ["on_duplicate": "merge"], token: a.accessToken).status == 422)
            #expect(try await server.upload("m.csv", file, fields: ["consent": "opted_in"], token: a.accessToken).status == 422)
        }
    }
}

@Suite struct ContactImportBadFileTests {
    func failure(_ name: String, _ data: Data) async throws -> String {
        let (stream, continuation) = AsyncStream<String>.makeStream()
        try await TestServer.with(environment: TestServer.importing) { server in
            let a = try await TestTenant.signUp(on: server)
            let report = try await server.importFile(name, data, token: a.accessToken)
            #expect(report["state"] as? String == "failed", "\(name): \(report)")
            #expect(report["created"] as? Int == 0)
            continuation.yield(report["failure_reason"] as? String ?? "")
        }
        continuation.finish()
        var iterator = stream.makeAsyncIterator()
        return await iterator.next() ?? ""
    }

    @Test func unusableFilesFailWithAPreciseReason() async throws {
        #expect(try await failure("empty.csv", Data()).contains("empty"))
        #expect(try await failure("header.csv", Data("name;phone\n".utf8)).contains("no data rows"))
        #expect(try await failure("one.csv", Data("nom\nAwa\nLéa\n".utf8)).contains("single column"))
        #expect(try await failure("fake.xlsx", Data("name,phone\nA,0612345678\n".utf8)).contains("not an Excel"))
        let columns = (0..<10_000).map { "c\($0)" }.joined(separator: ",")
        #expect(try await failure("wide.csv", Data("phone,\(columns)\n".utf8)).contains("columns"))
    }

    @Test func hostileWorkbooksFailWithoutExhaustingMemory() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("relais-hostile-\(UUID())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let main = #"xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main""#
        func workbook(_ name: String, sheet: String) throws -> Data {
            let rels = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
            let parts: [(path: String, source: XLSXZipPackager.Source)] = [
                ("xl/workbook.xml", .text(#"<?xml version="1.0"?><workbook \#(main) xmlns:r="\#(rels)"><sheets><sheet name="S" sheetId="1" r:id="rId1"/></sheets></workbook>"#)),
                ("xl/_rels/workbook.xml.rels", .text(#"<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="\#(rels)/worksheet" Target="worksheets/sheet1.xml"/></Relationships>"#)),
                ("xl/worksheets/sheet1.xml", .text(sheet)),
            ]
            let url = directory.appendingPathComponent(name)
            try XLSXZipPackager.write(parts, to: url)
            return try Data(contentsOf: url)
        }
        let filler = String(repeating: "A", count: 8 << 20)
        let bomb = try workbook("bomb.xlsx", sheet: #"<?xml version="1.0"?><worksheet \#(main)><sheetData><row r="1"><c t="inlineStr"><is><t>\#(filler)</t></is></c></row></sheetData></worksheet>"#)
        #expect(bomb.count < 100_000)
        #expect(try await failure("bomb.xlsx", bomb).contains("zip bomb"))
        let xxe = try workbook(
            "xxe.xlsx",
            sheet: #"<?xml version="1.0"?><!DOCTYPE w [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><worksheet \#(main)><sheetData><row r="1"><c t="inlineStr"><is><t>&xxe;</t></is></c></row></sheetData></worksheet>"#)
        #expect(try await failure("xxe.xlsx", xxe).contains("DTD"))
    }

    @Test func anUploadOverTheLimitIs413AndLeavesNothing() async throws {
        try await TestServer.with(environment: TestServer.importing.merging(["RELAIS_IMPORT_MAX_BYTES": "4096"]) { $1 }) { server in
            let a = try await TestTenant.signUp(on: server)
            var file = "phone\n"
            for index in 0..<1000 { file += "06123\(String(format: "%05d", index))\n" }
            let response = try await server.upload("big.csv", Data(file.utf8), token: a.accessToken)
            #expect(response.status == 413)
            #expect(try await server.contactPhones("", token: a.accessToken).isEmpty)
            let small = try await server.importFile("small.csv", Data("phone\n0612345678\n".utf8), token: a.accessToken)
            #expect(small["created"] as? Int == 1)
        }
    }

    @Test func aHugeCellRejectsOnlyItsRow() async throws {
        try await TestServer.with(environment: TestServer.importing) { server in
            let a = try await TestTenant.signUp(on: server)
            let huge = String(repeating: "x", count: 1 << 20)
            let report = try await server.importFile("cell.csv", Data("phone,note\n0612345678,\(huge)\n0612345679,ok\n".utf8), token: a.accessToken)
            #expect(report["state"] as? String == "completed")
            #expect(report["created"] as? Int == 1)
            #expect(report["invalid"] as? Int == 1)
            #expect(((report["errors"] as? [[String: Any]])?.first?["reason"] as? String)?.contains("bytes") == true)
        }
    }

    @Test func anUploadWithoutAFileIsRefused() async throws {
        try await TestServer.with(environment: TestServer.importing) { server in
            let a = try await TestTenant.signUp(on: server)
            let noFile = try await server.request(
                .POST, "/api/v1/contacts/imports", raw: Multipart.body(fields: ["tags": "x"], file: nil), token: a.accessToken,
                headers: [("Content-Type", "multipart/form-data; boundary=\(Multipart.boundary)")])
            #expect(noFile.status == 422)
            let notMultipart = try await server.request(.POST, "/api/v1/contacts/imports", json: ["file": "x"], token: a.accessToken)
            #expect(notMultipart.status == 400)
        }
    }
}
