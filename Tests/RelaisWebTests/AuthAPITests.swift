import Foundation
import JWTKit
import Testing

@Suite struct AuthAPITests {
    @Test func signupAnswersTokensUserAndCompany() async throws {
        try await TestServer.with { server in
            let tenant = try await TestTenant.signUp(on: server, company: "Boulangerie Zoé")
            let me = try await server.request(.GET, "/api/v1/me", token: tenant.accessToken)
            #expect(me.status == 200)
            let user = try #require(me.json["user"] as? [String: Any])
            let company = try #require(me.json["company"] as? [String: Any])
            #expect(user["role"] as? String == "admin")
            #expect(user["email"] as? String == tenant.email)
            #expect(company["name"] as? String == "Boulangerie Zoé")
            #expect(company["id"] as? String == tenant.companyID)
            #expect(user["password_hash"] == nil)
        }
    }

    @Test func emailsAreUniqueWhateverTheirCase() async throws {
        try await TestServer.with { server in
            let tenant = try await TestTenant.signUp(on: server)
            let again = try await server.request(
                .POST, "/api/v1/auth/signup",
                json: ["company": "Other", "name": "Eve", "email": tenant.email.uppercased(), "password": "another password 1"])
            #expect(again.status == 409)
            #expect(again.headers["Content-Type"].first == "application/problem+json")
            #expect(again.json["code"] as? String == "error.email.taken")
        }
    }

    @Test func invalidSignupNamesEveryField() async throws {
        try await TestServer.with { server in
            let response = try await server.request(
                .POST, "/api/v1/auth/signup", json: ["company": "", "name": "Ana", "email": "not-an-email", "password": "short"])
            #expect(response.status == 422)
            let fields = Set((response.json["errors"] as? [[String: Any]] ?? []).compactMap { $0["field"] as? String })
            #expect(fields == ["company", "email", "password"])
        }
    }

    @Test func wrongPasswordAndUnknownEmailAnswerAlike() async throws {
        try await TestServer.with { server in
            let tenant = try await TestTenant.signUp(on: server)
            let wrong = try await server.request(.POST, "/api/v1/auth/login", json: ["email": tenant.email, "password": "wrong password!"])
            let unknown = try await server.request(
                .POST, "/api/v1/auth/login", json: ["email": "nobody-\(UUID())@example.com", "password": "wrong password!"])
            #expect(wrong.status == 401)
            #expect(unknown.status == 401)
            #expect(wrong.json["detail"] as? String == unknown.json["detail"] as? String)
            #expect(wrong.json["code"] as? String == unknown.json["code"] as? String)
        }
    }

    @Test func refreshRotatesAndAReplayClosesTheSession() async throws {
        try await TestServer.with { server in
            let tenant = try await TestTenant.signUp(on: server)
            let first = try await server.request(.POST, "/api/v1/auth/refresh", json: ["refresh_token": tenant.refreshToken])
            #expect(first.status == 200)
            let rotated = try #require(first.json["refresh_token"] as? String)
            let access = try #require(first.json["access_token"] as? String)
            #expect(rotated != tenant.refreshToken)
            #expect(try await server.request(.GET, "/api/v1/me", token: access).status == 200)

            let replay = try await server.request(.POST, "/api/v1/auth/refresh", json: ["refresh_token": tenant.refreshToken])
            #expect(replay.status == 401)
            // The whole session is closed: the rotated token and the access tokens die with it.
            #expect(try await server.request(.POST, "/api/v1/auth/refresh", json: ["refresh_token": rotated]).status == 401)
            #expect(try await server.request(.GET, "/api/v1/me", token: access).status == 401)
            #expect(try await server.request(.GET, "/api/v1/me", token: tenant.accessToken).status == 401)
        }
    }

    @Test func logoutRevokesTheSessionAtOnce() async throws {
        try await TestServer.with { server in
            let tenant = try await TestTenant.signUp(on: server)
            #expect(try await server.request(.POST, "/api/v1/auth/logout", token: tenant.accessToken).status == 204)
            #expect(try await server.request(.GET, "/api/v1/me", token: tenant.accessToken).status == 401)
            #expect(try await server.request(.POST, "/api/v1/auth/refresh", json: ["refresh_token": tenant.refreshToken]).status == 401)
        }
    }

    @Test func forgedAndExpiredTokensAreRefused() async throws {
        try await TestServer.with { server in
            let tenant = try await TestTenant.signUp(on: server)
            let other = try await TestTenant.signUp(on: server)
            let parts = tenant.accessToken.split(separator: ".").map(String.init)
            let payload = try #require(Data(base64Encoded: parts[1].padded)).utf8String
            let otherTenantPayload = payload.replacingOccurrences(of: tenant.companyID, with: other.companyID)
            let keys = JWTKeyCollection()
            await keys.add(hmac: HMACKey(from: TestServer.jwtSecret), digestAlgorithm: .sha256, kid: "relais")
            let expired = try await keys.sign(
                ExpiredClaims(sub: .init(value: tenant.userID), exp: .init(value: Date(timeIntervalSinceNow: -60))), kid: "relais")
            let forged = [
                b64(#"{"alg":"none","typ":"JWT"}"#) + "." + parts[1] + ".",
                parts[0] + "." + parts[1] + ".",
                parts[0] + "." + b64(otherTenantPayload) + "." + parts[2],
                b64(#"{"alg":"RS256","typ":"JWT","kid":"relais"}"#) + "." + parts[1] + "." + parts[2],
                expired, "garbage", "a.b.c", String(repeating: "x", count: 5000),
            ]
            for token in forged {
                let response = try await server.request(.GET, "/api/v1/me", token: token)
                #expect(response.status == 401, "\(token.prefix(60))")
            }
            #expect(try await server.request(.GET, "/api/v1/me", headers: [("Authorization", "Basic YTpi")]).status == 401)
            #expect(try await server.request(.GET, "/api/v1/me").status == 401)
        }
    }

    /// JWTKit writes the header's fields in dictionary order, which differs between processes: a token signed
    /// before a restart carries the same fields in another order and must still verify, while the same reordering
    /// under a wrong signature must not.
    @Test func aTokenWhoseHeaderListsItsFieldsInAnotherOrderVerifies() async throws {
        try await TestServer.with { server in
            let tenant = try await TestTenant.signUp(on: server)
            let payload = tenant.accessToken.split(separator: ".")[1]
            let keys = JWTKeyCollection()
            await keys.add(hmac: HMACKey(from: TestServer.jwtSecret), digestAlgorithm: .sha256, kid: "relais")
            let key = try await keys.getKey(for: "relais")
            // `AccessTokens` recognises the compact three-field header in each order without decoding it; what the
            // server issues must be one of those, or that shortcut would never apply.
            let fields = [#""typ":"JWT""#, #""kid":"relais""#, #""alg":"HS256""#]
            let known = Set([[0, 1, 2], [0, 2, 1], [1, 0, 2], [1, 2, 0], [2, 0, 1], [2, 1, 0]].map { "{" + $0.map { fields[$0] }.joined(separator: ",") + "}" })
            let issuedHeader = try #require(String(tenant.accessToken.split(separator: ".")[0]).base64URLDecoded).utf8String
            #expect(known.contains(issuedHeader), "\(issuedHeader)")
            // Two other orders, and a header with spaces that only the decoding path accepts.
            for header in [#"{"typ":"JWT","kid":"relais","alg":"HS256"}"#, #"{"kid":"relais","alg":"HS256","typ":"JWT"}"#, #"{ "alg": "HS256", "kid": "relais" }"#] {
                let input = b64(Array(header.utf8)) + "." + payload
                let token = input + "." + b64(try key.sign(Array(input.utf8)))
                #expect(try await server.request(.GET, "/api/v1/me", token: token).status == 200, "\(header)")
                let badSignature = input + "." + b64(try key.sign(Array((input + "x").utf8)))
                #expect(try await server.request(.GET, "/api/v1/me", token: badSignature).status == 401, "\(header)")
            }
            // Another algorithm named in a header of the known shape is refused, even signed with our key.
            for header in [#"{"typ":"JWT","kid":"relais","alg":"HS512"}"#, #"{"typ":"JWT","kid":"relais","alg":"none"}"#] {
                let input = b64(Array(header.utf8)) + "." + payload
                #expect(try await server.request(.GET, "/api/v1/me", token: input + "." + b64(try key.sign(Array(input.utf8)))).status == 401, "\(header)")
            }
        }
    }

    @Test func tenFailedLoginsLockTheEmailOut() async throws {
        try await TestServer.with(environment: ["RELAIS_AUTH_RATE_LIMIT": "1000"]) { server in
            let tenant = try await TestTenant.signUp(on: server)
            for _ in 0..<10 {
                let response = try await server.request(.POST, "/api/v1/auth/login", json: ["email": tenant.email, "password": "bad password!"])
                #expect(response.status == 401)
            }
            let locked = try await server.request(.POST, "/api/v1/auth/login", json: ["email": tenant.email, "password": tenant.password])
            #expect(locked.status == 429)
            #expect(locked.headers["Retry-After"].first != nil)
        }
    }

    @Test func authRoutesAreRateLimitedPerIP() async throws {
        try await TestServer.with(environment: ["RELAIS_AUTH_RATE_LIMIT": "5"]) { server in
            var statuses: [Int] = []
            for _ in 0..<7 {
                statuses.append(try await server.request(.POST, "/api/v1/auth/login", json: ["email": "x@y.io", "password": "p"]).status)
            }
            #expect(statuses.prefix(5).allSatisfy { $0 == 401 })
            #expect(statuses.suffix(2).allSatisfy { $0 == 429 })
        }
    }
}

private struct ExpiredClaims: JWTPayload {
    var sub: SubjectClaim
    var exp: ExpirationClaim
    func verify(using algorithm: some JWTAlgorithm) async throws {}
}

/// Base64url without padding, as a JWT carries its segments.
private func b64(_ bytes: some Sequence<UInt8>) -> String {
    Data(bytes).base64EncodedString().replacingOccurrences(of: "=", with: "").replacingOccurrences(of: "+", with: "-")
        .replacingOccurrences(of: "/", with: "_")
}

private func b64(_ json: String) -> String { b64(json.utf8) }

extension String {
    var padded: String { self + String(repeating: "=", count: (4 - count % 4) % 4) }

    /// The bytes of a base64url segment.
    var base64URLDecoded: Data? {
        Data(base64Encoded: replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/").padded)
    }
}

extension Data {
    var utf8String: String { String(decoding: self, as: UTF8.self) }
}
