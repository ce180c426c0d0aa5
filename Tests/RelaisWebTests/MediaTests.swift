import Foundation
import NIOHTTP1
import PostgresNIO
import RelaisStore
import RelaisTestSupport
import Testing

/// Files uploaded for template media headers: stored typed by their bytes, refused with a reason otherwise, kept to
/// their company, and sent by Graph media id on the campaign's number.
@Suite struct MediaTests {
    /// A PNG: its signature, then filler (the type is read from the first bytes only).
    static func png(bytes: Int = 2_000) -> Data {
        Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) + Data(repeating: 0x2A, count: max(bytes - 8, 0))
    }
    static let pdf = Data("%PDF-1.7\n%âãÏÓ\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n".utf8)

    @Test func anUploadedImageIsStoredWithTheTypeItsBytesSayAndReadBackAsSent() async throws {
        try await TestServer.with { server in
            let admin = try await TestTenant.signUp(on: server)
            let image = Self.png()
            let created = try await server.uploadMedia("../../soldes d'hiver.png", image, token: admin.accessToken)
            #expect(created.status == 201, "\(created.text)")
            let id = try #require(created.json["id"] as? String)
            #expect(created.json["mime_type"] as? String == "image/png")
            #expect(created.json["kind"] as? String == "image")
            #expect(created.json["size"] as? Int == image.count)
            #expect(created.json["file_name"] as? String == "soldes d'hiver.png", "the path the browser sent is cut to its last part")
            #expect(created.json["expression"] as? String == "media:\(id)")

            let content = try await server.request(.GET, "/api/v1/media/\(id)/content", token: admin.accessToken)
            #expect(content.status == 200)
            #expect(content.body == image)
            #expect(content.headers["Content-Type"].first == "image/png")
            #expect(content.headers["Content-Security-Policy"].first?.contains("sandbox") == true)

            let images = try await server.request(.GET, "/api/v1/media?kind=image", token: admin.accessToken).json["data"] as? [[String: Any]]
            #expect(images?.map { $0["id"] as? String } == [id])
            let documents = try await server.request(.GET, "/api/v1/media?kind=document", token: admin.accessToken).json["data"] as? [[String: Any]]
            #expect(documents?.isEmpty == true)
            #expect(try await server.request(.GET, "/api/v1/media?kind=gif", token: admin.accessToken).status == 422)
            let audit = try await server.request(.GET, "/api/v1/audit-log?limit=500", token: admin.accessToken).text
            #expect(audit.contains("media.uploaded"))
        }
    }

    @Test func filesWhatsAppWouldRefuseAreRefusedWithTheirReasonAndNothingIsStored() async throws {
        try await TestServer.with { server in
            let admin = try await TestTenant.signUp(on: server)
            let token = admin.accessToken
            // A script named like a photo: the bytes decide, not the name.
            let disguised = try await server.uploadMedia("photo.jpg", Data("#!/bin/sh\necho hi\n".utf8), token: token)
            #expect(disguised.status == 415)
            #expect(disguised.json["code"] as? String == "error.media.type")
            // An image over WhatsApp's 5 MB.
            let large = try await server.uploadMedia("big.png", Self.png(bytes: 5 * 1024 * 1024 + 1), token: token)
            #expect(large.status == 413)
            #expect(large.json["code"] as? String == "error.media.too_large")
            let empty = try await server.uploadMedia("empty.png", Data(), token: token)
            #expect(empty.status == 422)
            let noFile = try await server.request(
                .POST, "/api/v1/media", raw: Multipart.body(fields: ["x": "y"], file: nil), token: token,
                headers: [("Content-Type", "multipart/form-data; boundary=\(Multipart.boundary)")])
            #expect(noFile.status == 422)
            let notMultipart = try await server.request(.POST, "/api/v1/media", json: ["file": "x"], token: token)
            #expect(notMultipart.status == 400)
            let listed = try await server.request(.GET, "/api/v1/media", token: token).json["data"] as? [[String: Any]]
            #expect(listed?.isEmpty == true, "no refused file was kept")
        }
    }

    @Test func anotherCompanyCannotReadDeleteOrSendACompanysFile() async throws {
        try await TestServer.with { server in
            let a = try await TestTenant.signUp(on: server, company: "A")
            let b = try await TestTenant.signUp(on: server, company: "B")
            let id = try #require(try await server.uploadMedia("a.pdf", Self.pdf, token: a.accessToken).json["id"] as? String)
            for (method, path) in [(HTTPMethod.GET, "/api/v1/media/\(id)"), (.GET, "/api/v1/media/\(id)/content"), (.DELETE, "/api/v1/media/\(id)")] {
                #expect(try await server.request(method, path, token: b.accessToken).status == 404, "\(method) \(path)")
            }
            #expect((try await server.request(.GET, "/api/v1/media", token: b.accessToken).json["data"] as? [[String: Any]])?.isEmpty == true)
            #expect(try await server.request(.GET, "/api/v1/media/\(id)/content", token: a.accessToken).body == Self.pdf, "A's file is intact")
            // B cannot name A's file in a campaign either.
            let number = try await server.request(.POST, "/api/v1/whatsapp/numbers/sandbox", token: b.accessToken).json
            let campaign = try await server.request(
                .POST, "/api/v1/campaigns",
                json: [
                    "name": "x", "number_id": number["id"] as? String ?? "", "template": ["name": "nope", "language": "fr"],
                    "variables": ["header": ["media:\(id)"]], "audience": ["tags_any": [String]()],
                ], token: b.accessToken)
            #expect(campaign.status == 422)
        }
    }

    @Test func aCampaignWithAnUploadedHeaderSendsItByMediaIdAndTheFileCannotBeDeletedMeanwhile() async throws {
        try await TestServer.with(environment: TestServer.dispatching) { server in
            let fixture = try await CampaignFixture.make(on: server, contacts: 6)
            let token = fixture.admin.accessToken
            try await fixture.approvedTemplate(
                name: "relais_photo",
                components: [["type": "HEADER", "format": "IMAGE"], ["type": "BODY", "text": "Bonjour {{1}}, voici nos nouveautés."]])
            let image = try #require(try await server.uploadMedia("vitrine.png", Self.png(), token: token).json["id"] as? String)
            let pdf = try #require(try await server.uploadMedia("tarifs.pdf", Self.pdf, token: token).json["id"] as? String)
            func body(header: String) -> [String: Any] {
                fixture.campaignBody([
                    "template": ["name": "relais_photo", "language": "fr"],
                    "variables": ["header": [header], "body": ["{first_name|client}"]],
                ])
            }
            // Save-time checks: a file that does not exist, and a PDF where the template shows an image.
            let unknown = try await server.request(.POST, "/api/v1/campaigns", json: body(header: "media:\(UUID().uuidString)"), token: token)
            #expect(unknown.status == 422)
            #expect(unknown.text.contains("error.media.unknown"))
            let wrongKind = try await server.request(.POST, "/api/v1/campaigns", json: body(header: "media:\(pdf)"), token: token)
            #expect(wrongKind.status == 422)
            #expect(wrongKind.text.contains("error.media.wrong_kind"))

            let created = try await server.request(.POST, "/api/v1/campaigns", json: body(header: "media:\(image)"), token: token)
            #expect(created.status == 201, "\(created.text)")
            let campaign = try #require(created.json["id"] as? String)
            let inUse = try await server.request(.DELETE, "/api/v1/media/\(image)", token: token)
            #expect(inUse.status == 409)
            #expect(inUse.text.contains("Soldes"), "the answer names the campaign that sends it")

            let test = try await server.request(.POST, "/api/v1/campaigns/\(campaign)/test-send", json: ["phone": "+15559990001"], token: token)
            #expect(test.status == 202, "\(test.text)")
            #expect(test.json["status"] as? String == "sent", "\(test.text)")
            #expect(try await server.request(.POST, "/api/v1/campaigns/\(campaign)/launch", token: token).status == 202)
            let stats = try await fixture.waitFor(campaign, state: "completed")
            #expect(stats.count("skipped") == 0 && stats.count("failed") == 0, "\(stats)")

            let photos = try await fixture.ledger().filter { $0.template?.name == "relais_photo" }
            #expect(photos.count == 7, "six recipients and the test")
            let mediaIDs = Set(photos.compactMap { $0.template?.parameters.first })
            #expect(mediaIDs.count == 1, "one upload to the number served every message: \(mediaIDs)")
            #expect(mediaIDs.first?.allSatisfy(\.isNumber) == true, "sent by Graph media id, not by link: \(mediaIDs)")
            let uploads = try await TestDatabase.withClient(fixture.owner) { client in
                try await client.query("SELECT count(*)::int FROM media_uploads WHERE media_id = \(try #require(UUID(uuidString: image)))")
                    .collect().first?.decode(Int.self)
            }
            #expect(uploads == 1)
            // Once the campaign has finished, the file may go.
            #expect(try await server.request(.DELETE, "/api/v1/media/\(image)", token: token).status == 204)
            #expect(try await server.request(.GET, "/api/v1/media/\(image)", token: token).status == 404)
        }
    }

    @Test func aQuickReplyTapCountsAsAClickOnTheMessageItAnswersAndOtherRepliesDoNot() async throws {
        try await TestServer.with(environment: TestServer.dispatching) { server in
            let fixture = try await CampaignFixture.make(on: server, contacts: 3)
            let campaign = try await fixture.createCampaign()
            #expect(try await server.request(.POST, "/api/v1/campaigns/\(campaign)/launch", token: fixture.admin.accessToken).status == 202)
            _ = try await fixture.waitFor(campaign, state: "completed")
            let sent = try await fixture.ledger()
            let first = try #require(sent.first { $0.to.hasSuffix("15550000001") })
            // Contact 1 taps a quick reply of the template; contact 2 writes a text.
            try await server.simulator.inbound(
                phoneNumberID: fixture.phoneNumberID, from: "15550000001", buttonPayload: "INTERESTED", contextMessageID: first.id)
            try await server.simulator.inbound(phoneNumberID: fixture.phoneNumberID, from: "15550000002", text: "Merci !")
            let tenant = try #require(UUID(uuidString: fixture.admin.companyID))
            var figures: (replied: Int, clicked: Int, clickedPhone: String?) = (0, 0, nil)
            for _ in 0..<200 {
                figures = try await TestDatabase.withClient(fixture.owner) { client in
                    let rows = try await client.query(
                        """
                        SELECT count(*) FILTER (WHERE replied_at IS NOT NULL)::int, count(*) FILTER (WHERE clicked_at IS NOT NULL)::int,
                               max(to_phone) FILTER (WHERE clicked_at IS NOT NULL)
                        FROM outbound_messages WHERE tenant_id = \(tenant) AND run_id IS NOT NULL
                        """)
                    for try await row in rows.decode((Int, Int, String?).self) { return row }
                    return (0, 0, nil)
                }
                if figures.replied == 2 { break }
                try await Task.sleep(for: .milliseconds(100))
            }
            #expect(figures.replied == 2)
            #expect(figures.clicked == 1)
            #expect(figures.clickedPhone == "+15550000001")
        }
    }
}

extension TestServer {
    /// Uploads a header file; returns the response (201 with the file when accepted).
    func uploadMedia(_ fileName: String, _ data: Data, token: String) async throws -> TestResponse {
        try await request(
            .POST, "/api/v1/media", raw: Multipart.body(fields: [:], file: (fileName, data)), token: token,
            headers: [("Content-Type", "multipart/form-data; boundary=\(Multipart.boundary)")])
    }
}
