import Foundation
import Testing

@testable import RelaisWeb

@Suite struct HTTPHygieneTests {
    @Test func securityHeadersOnEveryKindOfResponse() async throws {
        try await TestServer.with { server in
            for path in ["/healthz", "/login", "/api/v1/nowhere", "/nowhere", "/api/v1/me"] {
                let response = try await server.request(.GET, path)
                let csp = response.headers["Content-Security-Policy"].first ?? ""
                #expect(csp.contains("script-src 'self'") && !csp.contains("unsafe-inline"), "\(path)")
                #expect(response.headers["X-Content-Type-Options"].first == "nosniff", "\(path)")
                #expect(response.headers["X-Frame-Options"].first == "DENY", "\(path)")
                #expect(response.headers["Referrer-Policy"].first != nil, "\(path)")
                #expect(response.headers["X-Request-Id"].first?.isEmpty == false, "\(path)")
                #expect(response.headers["Strict-Transport-Security"].isEmpty, "no HSTS without TLS")
            }
        }
    }

    @Test func hstsWhenServedOverTLS() async throws {
        try await TestServer.with(environment: ["RELAIS_SECURE_COOKIES": "true"]) { server in
            let hsts = try await server.request(.GET, "/healthz").headers["Strict-Transport-Security"].first
            #expect(hsts != nil)
        }
    }

    @Test func unknownAPIRoutesAnswerProblemJSONAndPagesAnswerHTML() async throws {
        try await TestServer.with { server in
            let api = try await server.request(.GET, "/api/v1/nowhere")
            #expect(api.status == 404)
            #expect(api.headers["Content-Type"].first == "application/problem+json")
            #expect(api.json["status"] as? Int == 404 && api.json["type"] is String && api.json["title"] is String)
            let page = try await server.request(.GET, "/nowhere", headers: [("Accept-Language", "fr-FR,fr;q=0.9")])
            #expect(page.status == 404)
            #expect(page.text.contains("Cette page n&#39;existe pas"))
        }
    }

    @Test func badBodiesGetPreciseErrorsAndStoreNothing() async throws {
        try await TestServer.with { server in
            let email = "bad-\(UUID().uuidString.prefix(8).lowercased())@example.com"
            let cases: [(Data, Int)] = [
                (Data("{\"company\": ".utf8), 400),
                (Data("[1, 2]".utf8), 400),
                (Data("".utf8), 400),
                (Data("{\"company\":\"A\",\"name\":\"B\",\"email\":\"\(email)\",\"password\":\"0123456789\",\"admin\":true}".utf8), 422),
                (Data("{\"company\":[\"A\"],\"name\":\"B\",\"email\":\"\(email)\",\"password\":\"0123456789\"}".utf8), 422),
                (Data(repeating: 0x20, count: 10 << 20), 413),
            ]
            for (body, status) in cases {
                let response = try await server.request(.POST, "/api/v1/auth/signup", raw: body, headers: [("Content-Type", "application/json")])
                #expect(response.status == status, "\(body.prefix(40).utf8String)")
                #expect(response.headers["Content-Type"].first == "application/problem+json")
            }
            let login = try await server.request(.POST, "/api/v1/auth/login", json: ["email": email, "password": "0123456789"])
            #expect(login.status == 401, "no account was created by any bad request")
        }
    }

    @Test func hostileNamesAreStoredVerbatimAndShownEscaped() async throws {
        try await TestServer.with { server in
            let hostile = "<script>alert(1)</script>'; DROP TABLE users;--"
            let tenant = try await TestTenant.signUp(on: server, company: hostile)
            let me = try await server.request(.GET, "/api/v1/me", token: tenant.accessToken)
            #expect((me.json["company"] as? [String: Any])?["name"] as? String == hostile)
            let page = try await BrowserSession.logIn(on: server, email: tenant.email, password: tenant.password)
            let dashboard = try await page.get("/")
            #expect(dashboard.status == 200)
            #expect(!dashboard.text.contains("<script>alert(1)"))
            #expect(dashboard.text.contains("&lt;script&gt;alert(1)&lt;/script&gt;"))
        }
    }

    @Test func healthReadinessAndMetrics() async throws {
        try await TestServer.with { server in
            #expect(try await server.request(.GET, "/healthz").json["status"] as? String == "ok")
            #expect(try await server.request(.GET, "/readyz").status == 200)
            let metrics = try await server.request(.GET, "/metrics")
            #expect(metrics.text.contains("relais_http_requests_total"))
            #expect(metrics.text.contains("relais_http_request_duration_seconds_bucket"))
            #expect(metrics.text.contains("relais_webhook_events_count{state=\"unroutable\"}"))
        }
    }

    @Test func theOpenAPIDocumentDescribesExactlyTheRegisteredRoutes() async throws {
        try await TestServer.with { server in
            let document = try await server.request(.GET, "/api/v1/openapi.json").json
            #expect(document["openapi"] as? String == "3.1.0")
            let paths = try #require(document["paths"] as? [String: [String: Any]])
            let described = Set(paths.flatMap { path, operations in operations.keys.map { "\($0.uppercased()) \(path)" } })
            let declared = Set(APIRoute.allCases.map(\.rawValue))
            #expect(described == declared)
        }
        let web = try await TestServer.registeredRoutes()
        #expect(Set(web) == Set(APIRoute.allCases))
        #expect(web.count == APIRoute.allCases.count, "each route registered once")
    }

    @Test func catalogueLanguagesHaveTheSameKeys() throws {
        let localizer = try Localizer()
        #expect(localizer.keys(.en) == localizer.keys(.fr))
        #expect(localizer.keys(.en).count > 100)
    }
}
