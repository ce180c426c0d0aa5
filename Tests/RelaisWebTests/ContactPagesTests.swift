import Foundation
import Testing

@Suite struct ContactPagesTests {
    @Test func theEmptyListInvitesToImportInFrenchAndEnglish() async throws {
        try await TestServer.with { server in
            let tenant = try await TestTenant.signUp(on: server)
            let browser = try await BrowserSession.logIn(on: server, email: tenant.email, password: tenant.password)
            browser.language = "fr"
            let french = try await browser.get("/contacts")
            #expect(french.status == 200)
            #expect(french.text.contains("Importez vos premiers contacts"))
            browser.language = "en"
            #expect(try await browser.get("/contacts").text.contains("Import your first contacts"))
        }
    }

    @Test func theWizardUploadsPreviewsAndImportsThenTheListAndContactPagesShowTheResult() async throws {
        try await TestServer.with(environment: TestServer.importing) { server in
            let tenant = try await TestTenant.signUp(on: server)
            let browser = try await BrowserSession.logIn(on: server, email: tenant.email, password: tenant.password)
            let csv = "Prénom;Nom;Portable;Ville\nAwa;Diop;06 12 34 56 78;Paris\nLéa;<b>Martin</b>;06 12;Lyon\n"
            let uploaded = try await browser.send(
                .POST, "/contacts/import",
                body: Multipart.body(fields: ["csrf_token": browser.csrf, "default_country": "FR"], file: ("salon.csv", Data(csv.utf8))),
                headers: [("Content-Type", "multipart/form-data; boundary=\(Multipart.boundary)")])
            #expect(uploaded.status == 303 || uploaded.status == 302)
            let previewPath = try #require(uploaded.headers["Location"].first)
            #expect(previewPath.hasSuffix("/preview"))
            let preview = try await browser.get(previewPath)
            #expect(preview.status == 200)
            #expect(preview.text.contains("<option value=\"phone\" selected>"))
            #expect(preview.text.contains("&lt;b&gt;Martin&lt;/b&gt;"))
            let startPath = previewPath.replacingOccurrences(of: "/preview", with: "/start")
            let started = try await browser.post(
                startPath, form: ["map_0": "first_name", "map_1": "last_name", "map_2": "phone", "map_3": "attribute:ville", "default_country": "FR",
                                  "tags": "salon", "consent": "opted_in", "consent_source": "salon form", "on_duplicate": "skip"])
            let reportPath = try #require(started.headers["Location"].first)
            let id = String(reportPath.split(separator: "/").last ?? "")
            let report = try await server.finishedImport(id, token: tenant.accessToken)
            #expect(report["created"] as? Int == 1)
            #expect(report["invalid"] as? Int == 1)
            let page = try await browser.get(reportPath)
            #expect(page.status == 200)
            #expect(page.text.contains("too short"))
            let list = try await browser.get("/contacts?tag=salon")
            #expect(list.text.contains("+33612345678"))
            let contactID = try #require((try await server.request(.GET, "/api/v1/contacts", token: tenant.accessToken).json["data"] as? [[String: Any]])?.first?["id"] as? String)
            let contact = try await browser.get("/contacts/\(contactID)")
            #expect(contact.status == 200)
            #expect(contact.text.contains("salon form"))
            let optOut = try await browser.post("/contacts/\(contactID)/opt-out", form: ["source": "web"])
            #expect(optOut.status == 303 || optOut.status == 302)
            #expect(try await browser.get("/contacts/\(contactID)").text.contains("Opted out"))
            #expect(try await browser.get("/contacts/segments").status == 200)
            let segment = try await browser.post("/contacts/segments", form: ["name": "Salon", "tags_all": "salon"])
            #expect(segment.status == 303 || segment.status == 302)
            #expect(try await browser.get("/contacts/segments").text.contains("Salon"))
            // A draft cannot be started twice, nor by another company.
            #expect(try await browser.post(startPath, form: ["map_2": "phone"]).status == 404)
        }
    }
}
