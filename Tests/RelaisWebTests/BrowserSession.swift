import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1

/// A cookie-carrying client that uses the pages as a browser would (forms, CSRF field, redirects by hand).
final class BrowserSession: @unchecked Sendable {
    let server: TestServer
    var cookies: [String: String] = [:]
    var language = "en"

    init(server: TestServer) { self.server = server }

    static func logIn(on server: TestServer, email: String, password: String) async throws -> BrowserSession {
        let session = BrowserSession(server: server)
        _ = try await session.get("/login")
        let response = try await session.post("/login", form: ["email": email, "password": password])
        guard response.status == 303 || response.status == 302, session.cookies["relais_session"] != nil else {
            throw TestFailure("form login answered \(response.status)")
        }
        return session
    }

    var csrf: String { cookies["relais_csrf"] ?? "" }

    func get(_ path: String) async throws -> TestResponse { try await send(.GET, path, body: nil) }

    /// Posts a form with the CSRF field filled in (unless `csrf` overrides it).
    func post(_ path: String, form: [String: String], csrf override: String? = nil, headers: [(String, String)] = []) async throws -> TestResponse {
        var fields = form
        fields["csrf_token"] = override ?? csrf
        let body = fields.map { "\(escape($0.key))=\(escape($0.value))" }.joined(separator: "&")
        return try await send(.POST, path, body: Data(body.utf8), headers: [("Content-Type", "application/x-www-form-urlencoded")] + headers)
    }

    func send(_ method: HTTPMethod, _ path: String, body: Data?, headers: [(String, String)] = []) async throws -> TestResponse {
        var all = headers
        if !cookies.isEmpty { all.append(("Cookie", cookies.map { "\($0.key)=\($0.value)" }.joined(separator: "; "))) }
        all.append(("Accept-Language", language))
        let response = try await server.request(method, path, raw: body, headers: all)
        for line in response.headers["Set-Cookie"] {
            let pair = line.split(separator: ";")[0].split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
            guard pair.count == 2 else { continue }
            if pair[1].isEmpty || line.contains("Max-Age=0") { cookies[pair[0]] = nil } else { cookies[pair[0]] = pair[1] }
        }
        return response
    }

    private func escape(_ value: String) -> String {
        value.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? value
    }
}
