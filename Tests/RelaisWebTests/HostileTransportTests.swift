import Foundation
import JWTKit
import NIOHTTP1
import Testing

/// Attacks on the transport and on authentication: slow bodies and headers (slow-loris), oversized headers,
/// forged JWTs beyond those of `AuthAPITests`, and user enumeration at login.
@Suite struct HostileTransportTests {
    /// A server that gives bodies and silent connections two seconds.
    static let impatient = ["RELAIS_REQUEST_TIMEOUT_SECONDS": "2"]

    @Test func aBodySentOneByteASecondIsCutOffWithA408() async throws {
        try await TestServer.with(environment: Self.impatient) { server in
            let connection = try RawConnection(port: server.port)
            connection.send("POST /api/v1/auth/login HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 60\r\n\r\n")
            let outcome = await Self.trickle(connection, pieces: 20) { _ in "{" }
            // The answer came while the body was still incomplete (20 of 60 bytes at most): the server did not wait for it.
            guard case .data(let text) = outcome else { throw TestFailure("no answer, got \(outcome)") }
            #expect(text.hasPrefix("HTTP/1.1 408"))
        }
    }

    @Test func anUploadTrickledOneByteASecondIsCutOff() async throws {
        try await TestServer.with(environment: Self.impatient) { server in
            let admin = try await TestTenant.signUp(on: server)
            let connection = try RawConnection(port: server.port)
            let start = "--\(Multipart.boundary)\r\nContent-Disposition: form-data; name=\"file\"; filename=\"slow.csv\"\r\n\r\nphone\n"
            connection.send(
                "POST /api/v1/contacts/imports HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer \(admin.accessToken)\r\n"
                    + "Content-Type: multipart/form-data; boundary=\(Multipart.boundary)\r\nContent-Length: 100000\r\n\r\n" + start)
            let outcome = await Self.trickle(connection, pieces: 20) { _ in "1" }
            guard case .data(let text) = outcome else { throw TestFailure("no answer, got \(outcome)") }
            #expect(text.hasPrefix("HTTP/1.1 408"))
        }
    }

    @Test func headersSentOneLineASecondEndTheConnection() async throws {
        try await TestServer.with(environment: Self.impatient) { server in
            let connection = try RawConnection(port: server.port)
            connection.send("GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n")
            let outcome = await Self.trickle(connection, pieces: 20) { "X-Slow-\($0): y\r\n" }
            #expect(outcome == .closed)
        }
    }

    @Test func oversizedHeadersAreRefusedWithout5xxOrHanging() async throws {
        try await TestServer.with { server in
            let big = String(repeating: "a", count: 64 * 1024)
            for path in ["/api/v1/me", "/login", "/healthz"] {
                let response = try await server.request(.GET, path, headers: [("X-Padding", big)])
                #expect(response.status == 431, "\(path)")
            }
            // Past NIO's own 80 KB parser limit: a 4xx or a closed connection, never a 5xx or silence.
            let connection = try RawConnection(port: server.port)
            connection.send("GET /api/v1/me HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Padding: " + String(repeating: "b", count: 100 * 1024) + "\r\n\r\n")
            let outcome = await connection.receive(waiting: 10)
            if case .data(let text) = outcome { #expect(text.hasPrefix("HTTP/1.1 4")) } else { #expect(outcome == .closed) }
            #expect(try await server.request(.GET, "/healthz").status == 200)
        }
    }

    @Test func validlySignedTokensWithTheWrongTenantOrAlgorithmAreRefused() async throws {
        try await TestServer.with { server in
            let a = try await TestTenant.signUp(on: server)
            let b = try await TestTenant.signUp(on: server)
            let payload = try JSONSerialization.jsonObject(with: try #require(Data(base64Encoded: a.accessToken.split(separator: ".")[1].description.padded)))
            let claims = try #require(payload as? [String: Any])
            let session = try #require(claims["sid"] as? String)
            let ours = JWTKeyCollection()
            await ours.add(hmac: HMACKey(from: TestServer.jwtSecret), digestAlgorithm: .sha256, kid: "relais")
            // Our secret with another digest (HS512). JWTKit asserts an HS512 key is 64 bytes or more, so the secret is repeated.
            let hs512 = JWTKeyCollection()
            await hs512.add(hmac: HMACKey(from: TestServer.jwtSecret + TestServer.jwtSecret), digestAlgorithm: .sha512, kid: "relais")
            let foreign = JWTKeyCollection()
            await foreign.add(hmac: HMACKey(from: "another-secret-another-secret-0123456789"), digestAlgorithm: .sha256, kid: "relais")
            func claimsFor(tenant: String) -> Claims {
                Claims(sub: .init(value: a.userID), tid: tenant, sid: session, exp: .init(value: Date(timeIntervalSinceNow: 600)), iat: .init(value: Date()))
            }
            let control = try await ours.sign(claimsFor(tenant: a.companyID), kid: "relais")
            #expect(try await server.request(.GET, "/api/v1/me", token: control).status == 200)
            let forged = [
                // Signed with our key, but claiming tenant B (whose tables hold no such user or session).
                try await ours.sign(claimsFor(tenant: b.companyID), kid: "relais"),
                try await hs512.sign(claimsFor(tenant: a.companyID), kid: "relais"),
                try await foreign.sign(claimsFor(tenant: a.companyID), kid: "relais"),
                try await ours.sign(claimsFor(tenant: "not-a-uuid"), kid: "relais"),
            ]
            for token in forged {
                #expect(try await server.request(.GET, "/api/v1/me", token: token).status == 401, "\(token.prefix(40))")
                #expect(try await server.request(.GET, "/api/v1/users/\(b.userID)", token: token).status == 401)
            }
            for header in ["bearer \(control)", "Bearer  \(control)", "Token \(control)", "Bearer \(control).x"] {
                #expect(try await server.request(.GET, "/api/v1/me", headers: [("Authorization", header)]).status == 401, "\(header.prefix(12))")
            }
        }
    }

    @Test func everyFailedLoginAnswersTheSameWhateverTheReason() async throws {
        try await TestServer.with { server in
            let admin = try await TestTenant.signUp(on: server)
            let invite = try await server.request(
                .POST, "/api/v1/users", json: ["name": "Pending", "email": "pending-\(UUID())@example.com", "role": "operator"], token: admin.accessToken)
            let invited = try #require((invite.json["user"] as? [String: Any])?["email"] as? String)
            let attempts = [
                (admin.email, "wrong password!"), ("nobody-\(UUID())@example.com", "wrong password!"), (invited, "any password at all"),
                (admin.email.uppercased(), "wrong password!"), ("not an email", "x"),
            ]
            var answers: Set<String> = []
            for (email, password) in attempts {
                let response = try await server.request(.POST, "/api/v1/auth/login", json: ["email": email, "password": password])
                answers.insert("\(response.status) \(response.json["code"] ?? "") \(response.json["detail"] ?? "")")
            }
            #expect(answers == ["401 error.login.invalid Wrong email or password."])
            // The form says the same for an unknown email and a wrong password.
            var pages: Set<String> = []
            for email in [admin.email, "nobody-\(UUID())@example.com"] {
                let browser = BrowserSession(server: server)
                _ = try await browser.get("/login")
                let page = try await browser.post("/login", form: ["email": "x", "password": "wrong password!"].merging(["email": email]) { $1 })
                let message = page.text.firstMatch(of: /<div class="form-summary[^>]*>[\s\S]*?<\/div>/).map { String($0.output) } ?? page.text.count.description
                pages.insert("\(page.status) \(message)")
            }
            #expect(pages.count == 1 && pages.first?.contains("<div class=\"form-summary") == true, "\(pages)")
        }
    }

    @Test func aNulCharacterInTheAddressIsABadRequestNotAServerError() async throws {
        try await TestServer.with { server in
            let admin = try await TestTenant.signUp(on: server)
            for path in ["/api/v1/contacts?q=a%00b", "/api/v1/contacts/%00", "/api/v1/campaigns?cursor=%00"] {
                let response = try await server.request(.GET, path, token: admin.accessToken)
                #expect(response.status == 400 && response.json["code"] as? String == "error.nul_character", "\(path)")
            }
            let created = try await server.request(
                .POST, "/api/v1/contacts", json: ["name": "Ana\u{0}", "phone": "+33612345678"], token: admin.accessToken)
            #expect(created.status == 400 && created.json["code"] as? String == "error.nul_character")
            #expect((try await server.request(.GET, "/api/v1/contacts", token: admin.accessToken).json["data"] as? [Any])?.isEmpty == true)
            let upload = try await server.upload(
                "a.csv", Data("phone\n+33612345678\n".utf8), fields: ["consent_source": "form\u{0}"], token: admin.accessToken)
            #expect(upload.status == 400 && upload.json["code"] as? String == "error.nul_character", "\(upload.text)")
            let number = try await server.request(
                .POST, "/api/v1/whatsapp/numbers", json: ["phone_number_id": "123", "waba_id": "456", "access_token": "EAA\u{10}x"],
                token: admin.accessToken)
            #expect(number.status == 422, "\(number.text)")
            let browser = try await BrowserSession.logIn(on: server, email: admin.email, password: admin.password)
            let page = try await browser.get("/contacts?q=%00")
            #expect(page.status == 400 && page.text.contains("NUL"))
        }
    }

    @Test func aPartHeaderNameWithNonASCIIBytesIsABadRequestNotACrash() async throws {
        try await TestServer.with { server in
            let admin = try await TestTenant.signUp(on: server)
            let boundary = "----WebKitFormBoundary7MA4YWxkTrZu0gW"
            let bodies = [
                "--\(boundary)\r\nContént-Disposition: form-data; name=\"file\"; filename=\"a.csv\"\r\n\r\nphone\n\r\n--\(boundary)--\r\n",
                "--\(boundary)\r\nContent-Disposition: form-data; name=\"x\"\r\n\r\n1\r\n--\(boundary)\r\n\u{FF}\u{FE}: y\r\n\r\n--\(boundary)--\r\n",
            ]
            for body in bodies {
                let response = try await server.request(
                    .POST, "/api/v1/contacts/imports", raw: Data(body.utf8),
                    headers: [("Content-Type", "multipart/form-data; boundary=\(boundary)"), ("Authorization", "Bearer \(admin.accessToken)")])
                #expect(response.status == 400 && response.json["code"] as? String == "error.upload.malformed", "\(response.status) \(response.text)")
            }
            // A file name (a header value) may be UTF-8: that is not refused.
            let accepted = try await server.upload("café.csv", Data("phone\n+33612345678\n".utf8), token: admin.accessToken)
            #expect(accepted.status == 202, "\(accepted.text)")
            #expect(try await server.request(.GET, "/healthz").status == 200)
        }
    }

    /// Sends `pieces` one second apart (one per `piece(i)`), stopping as soon as the server answers or hangs up.
    static func trickle(_ connection: RawConnection, pieces: Int, _ piece: (Int) -> String) async -> RawConnection.Received {
        for index in 0..<pieces {
            guard connection.send(piece(index)) else { return .closed }
            let received = await connection.receive(waiting: 1)
            if received != .nothing { return received }
        }
        return .nothing
    }

    struct Claims: JWTPayload {
        var sub: SubjectClaim
        var tid: String
        var sid: String
        var exp: ExpirationClaim
        var iat: IssuedAtClaim
        func verify(using algorithm: some JWTAlgorithm) async throws {}
    }
}
