import Foundation
import Hummingbird
import RelaisCore

/// Establishes the per-request facts every later step relies on: the client's address
/// (through a trusted proxy when configured), the body limit, the interface language,
/// and the browser's CSRF token (issued as a cookie on a browser's first page).
struct RequestSetupMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext

    let configuration: WebConfiguration

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var context = context
        context.bodyLimit = configuration.maxBodySize
        context.bodyTimeout = configuration.bodyTimeout
        if configuration.trustProxy, let forwarded = request.headers[.init("X-Forwarded-For")!] {
            context.clientIP = forwarded.split(separator: ",").first.map { String($0).trimmingCharacters(in: .whitespaces) }
        }
        let cookieLanguage = request.cookies["relais_lang"].flatMap { Language(rawValue: $0.value) }
        context.language = cookieLanguage ?? Language.preferred(acceptLanguage: request.headers[.acceptLanguage])
        let existing = (request.cookies[CookieNames.csrf]?.value).flatMap { $0.utf8.count == 43 ? $0 : nil }
        let csrf = existing ?? (Self.mayOpenAPage(request) ? SecretToken.base64URL(SecretToken.randomBytes()) : nil)
        context.csrfToken = csrf
        var response = try await next(request, context)
        if let csrf, csrf != existing {
            response.setCookie(CookieNames.make(CookieNames.csrf, value: csrf, secure: configuration.secureCookies))
        }
        return response
    }

    /// Whether the request may be a browser opening a page, the only place a new CSRF token is needed: the token
    /// guards forms and the pages' own API calls, which send the cookie back. API clients (an `Authorization`
    /// header), the API, webhooks, probes and static files get none: a fresh token there could never match, and
    /// it cost every such request 32 random bytes and a `Set-Cookie`.
    static func mayOpenAPage(_ request: Request) -> Bool {
        guard request.headers[.authorization] == nil else { return false }
        let path = request.uri.path
        return !(path.hasPrefix("/api/") || path.hasPrefix("/webhooks/") || path.hasPrefix("/assets/")
            || ["/healthz", "/readyz", "/metrics"].contains(path))
    }
}

/// The names and attributes of our cookies, in one place.
enum CookieNames {
    static let session = "relais_session"
    static let csrf = "relais_csrf"
    static let language = "relais_lang"

    /// HttpOnly, SameSite=Strict, path `/`; `Secure` when served over TLS.
    static func make(_ name: String, value: String, secure: Bool, maxAge: Int? = nil) -> Cookie {
        Cookie(name: name, value: value, maxAge: maxAge, path: "/", secure: secure, httpOnly: true, sameSite: .strict)
    }

    static func expired(_ name: String, secure: Bool) -> Cookie {
        Cookie(name: name, value: "", maxAge: 0, path: "/", secure: secure, httpOnly: true, sameSite: .strict)
    }
}
