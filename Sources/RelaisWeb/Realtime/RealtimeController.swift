import Foundation
import Hummingbird
import HummingbirdWebSocket
import RelaisCore
import RelaisStore

/// `GET /api/v1/realtime`: the WebSocket of live campaign progress.
///
/// The upgrade goes through the WebSocket router, behind the same `AuthenticationMiddleware` as the API: a Bearer
/// access token, or the browser's session cookie (a browser's WebSocket cannot set headers, and the cookie is
/// enough: no token in the URL, where proxies and logs would keep it). A cookie upgrade must also come from one of
/// our origins: browsers send cookies on cross-site WebSocket handshakes that no CORS check stops. An upgrade that
/// is refused never becomes a socket (hummingbird-websocket answers it with a bare 400); the same route without
/// upgrade headers answers the API's problem documents: 401, 403, or 426 for a caller who may connect.
struct RealtimeController {
    let hub: RealtimeHub
    let database: Database
    /// Origins a cookie-authenticated upgrade may come from besides the request's own host (the public base URL,
    /// CORS origins), for deployments whose proxy rewrites `Host`.
    let trustedOrigins: Set<String>
    let localizer: Localizer

    func register(_ api: APIRegistrar, webSocketRouter: Router<AppRequestContext>) {
        api.on(.realtime) { [localizer] _, context in
            try Self.authorize(context)
            // A 426 must name the protocol to switch to (RFC 9110, 15.5.22), which a thrown problem cannot.
            let problem = Problem(status: .upgradeRequired, code: "error.upgrade_required", detail: "This route speaks WebSocket only.")
            var response = ProblemDocument(problem, localizer: localizer).response(retryAfter: nil)
            response.headers[.upgrade] = "websocket"
            return response
        }
        webSocketRouter.ws(APIRoute.realtime.routerPath) { request, context in
            let identity = try Self.authorize(context)
            guard identity.channel == .bearer || Self.originAllowed(request, trusted: trustedOrigins) else { throw Problem.forbidden() }
            return .upgrade([:])
        } onUpgrade: { inbound, outbound, context in
            guard let identity = context.requestContext.identity else { return }
            try await RealtimeSession(hub: hub, database: database, identity: identity, logger: context.logger)
                .run(inbound: inbound, outbound: outbound)
        }
    }

    @discardableResult
    static func authorize(_ context: AppRequestContext) throws -> Identity {
        let identity = try context.requireIdentity()
        // The live session re-checks a login session while it runs; API keys have none (they poll the stats routes).
        try identity.requireSession()
        try identity.require(.draftCampaigns)
        return identity
    }

    /// Whether the handshake's `Origin` is this host (any scheme: TLS may end at a proxy) or a trusted origin.
    static func originAllowed(_ request: Request, trusted: Set<String>) -> Bool {
        guard let origin = request.headers[.origin]?.lowercased(), let authority = request.head.authority?.lowercased() else { return false }
        if trusted.contains(origin) { return true }
        return origin == "http://\(authority)" || origin == "https://\(authority)"
    }

    /// `scheme://host[:port]` of a URL, as browsers write it in `Origin`.
    static func origin(of url: String) -> String? {
        guard let components = URLComponents(string: url), let scheme = components.scheme, let host = components.host else { return nil }
        return "\(scheme)://\(host)\(components.port.map { ":\($0)" } ?? "")".lowercased()
    }
}
