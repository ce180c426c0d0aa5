import HTTPTypes
import Hummingbird

/// Adds the security headers to every response, errors included.
///
/// The CSP allows scripts and styles only from our own origin: no inline script or
/// style anywhere, which is why pages load `app.js` and `app.css` and nothing else.
struct SecurityHeadersMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext

    let hsts: Bool

    static let contentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: https:; connect-src 'self'; "
        + "font-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var response = try await next(request, context)
        response.headers[.contentSecurityPolicy] = Self.contentSecurityPolicy
        response.headers[.xContentTypeOptions] = "nosniff"
        response.headers[.init("Referrer-Policy")!] = "strict-origin-when-cross-origin"
        response.headers[.init("X-Frame-Options")!] = "DENY"
        response.headers[.init("Cross-Origin-Opener-Policy")!] = "same-origin"
        response.headers[.init("Permissions-Policy")!] = "camera=(), microphone=(), geolocation=()"
        if hsts { response.headers[.strictTransportSecurity] = "max-age=31536000; includeSubDomains" }
        if response.headers[.cacheControl] == nil { response.headers[.cacheControl] = "no-store" }
        return response
    }
}
