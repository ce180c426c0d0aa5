import Foundation
import Testing

/// Markup and script payloads in every text a user can type and a page shows: each page renders them escaped.
/// Also file names: an upload named like a path writes nothing outside the upload folder, and an export named
/// after a hostile campaign name answers a clean Content-Disposition.
@Suite struct HostileTextPagesTests {
    /// Closes an attribute, opens a tag, runs script: whatever context the text lands in, unescaped it would show.
    static let payload = #"<script>alert("x")</script>"'><img src=x onerror=alert(1)>{{layout}}"#

    /// The payload without braces, for the texts where braces name a contact field.
    static let markup = #"<script>alert("x")</script><img src=x onerror=alert(1)>"#

    @Test func everyTypedTextIsShownEscaped() async throws {
        try await TestServer.with { server in
            let fixture = try await CampaignFixture.make(on: server, contacts: 3)
            let token = fixture.admin.accessToken
            let p = Self.payload
            _ = try await server.request(.PATCH, "/api/v1/company", json: ["name": p], token: token)
            let contact = try await server.request(
                .POST, "/api/v1/contacts",
                json: ["name": p, "first_name": p, "last_name": p, "phone": "+33612345678", "tags": [String(p.prefix(60))],
                       "attributes": ["ville": p], "consent": "opted_in"],
                token: token)
            let contactID = try #require(contact.json["id"] as? String, "\(contact.status) \(contact.text)")
            let segment = try await server.request(.POST, "/api/v1/segments", json: ["name": p, "filter": ["tags_any": [String(p.prefix(60))]]], token: token)
            #expect(segment.status == 201, "\(segment.text)")
            let campaign = try await fixture.createCampaign(["name": String(p.prefix(120)), "variables": ["body": [Self.markup, Self.markup]]])
            let invited = try await server.request(
                .POST, "/api/v1/users", json: ["name": p, "email": "invited-\(UUID().uuidString.prefix(8))@example.com", "role": "operator"], token: token)
            #expect(invited.status == 201, "\(invited.text)")
            let key = try await server.request(.POST, "/api/v1/api-keys", json: ["name": p, "role": "operator"], token: token)
            #expect(key.status == 201, "\(key.text)")

            let browser = try await BrowserSession.logIn(on: server, email: fixture.admin.email, password: fixture.admin.password)
            let pages = [
                "/", "/contacts", "/contacts/\(contactID)", "/contacts?q=\(p.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!)",
                "/contacts/segments", "/campaigns", "/campaigns/\(campaign)", "/campaigns/\(campaign)/edit", "/settings/team",
                "/settings/audit", "/settings/api-keys", "/templates",
            ]
            var escapedSomewhere = 0
            for path in pages {
                let page = try await browser.get(path)
                #expect(page.status == 200, "\(path): \(page.status)")
                #expect(!page.text.contains("<script>alert"), "\(path) shows the script tag unescaped")
                #expect(!page.text.contains("<img src=x"), "\(path) shows the img tag unescaped")
                #expect(!page.text.contains("\"'><img"), "\(path) lets the payload close an attribute")
                if page.text.contains("&lt;script&gt;alert") { escapedSomewhere += 1 }
            }
            // The payload did reach the pages (escaped): the sweep is not vacuous.
            #expect(escapedSomewhere >= 6, "the payload appeared escaped on \(escapedSomewhere) pages only")
        }
    }

    @Test func uploadAndExportNamesCannotEscapeTheirFolderOrHeader() async throws {
        try await TestServer.with { server in
            let fixture = try await CampaignFixture.make(on: server, contacts: 2)
            let token = fixture.admin.accessToken
            let marker = "relais-traversal-\(UUID().uuidString.prefix(8)).csv"
            let hostileName = "../../../../../../tmp/\(marker)"
            let upload = try await server.upload(hostileName, Data("phone,name\n+33612345670,Ana\n".utf8), token: token)
            #expect(upload.status == 202, "\(upload.text)")
            #expect(!FileManager.default.fileExists(atPath: "/tmp/\(marker)"))
            let campaign = try await fixture.createCampaign(["name": "../../etc/passwd\"; evil=\"1 ❄️"])
            let export = try await server.request(.GET, "/api/v1/campaigns/\(campaign)/report.xlsx", token: token)
            #expect(export.status == 200)
            let disposition = export.headers["Content-Disposition"].first ?? ""
            #expect(disposition.hasPrefix("attachment"), "\(disposition)")
            #expect(!disposition.contains("/") && !disposition.contains("\\") && disposition.filter { $0 == "\"" }.count <= 2, "\(disposition)")
        }
    }
}
