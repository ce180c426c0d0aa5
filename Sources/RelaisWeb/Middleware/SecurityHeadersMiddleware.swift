import HTTPTypes
import Hummingbird

/// Adds the security headers to every response, errors included.
///
/// The CSP allows scripts and styles only from our own origin: no inline script or
/// style anywhere, which is why pages load `app.js` and `app.css` and nothing else.
struct SecurityHeadersMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext

    let hsts: Bool

    /// The policy of a response to a request addressed to `authority` (its `Host`).
    ///
    /// `connect-src` names the WebSocket origins of that host (`/api/v1/realtime`) besides `'self'`: CSP 3 lets
    /// `'self'` match ws:/wss: on the same host, but older browsers only match the page's own scheme. An authority
    /// that is not a plain `host[:port]` adds nothing, so a forged `Host` cannot write into the policy.
    static func contentSecurityPolicy(authority: String?) -> String {
        var connect = "'self'"
        if let authority, isPlainAuthority(authority) { connect += " ws://\(authority) wss://\(authority)" }
        return "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: https:; connect-src \(connect); "
            + "font-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
    }

    /// Letters, digits, `.`, `-`, `:` and IPv6 brackets only: no space, quote, semicolon or comma.
    static func isPlainAuthority(_ authority: String) -> Bool {
        !authority.isEmpty && authority.utf8.count <= 255
            && authority.unicodeScalars.allSatisfy {
                $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0) || ".-:[]".unicodeScalars.contains($0))
            }
    }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var response = try await next(request, context)
        // A route may set a stricter policy of its own (an uploaded file is served sandboxed); pages get the app's.
        if response.headers[.contentSecurityPolicy] == nil {
            response.headers[.contentSecurityPolicy] = Self.contentSecurityPolicy(authority: request.head.authority)
        }
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
