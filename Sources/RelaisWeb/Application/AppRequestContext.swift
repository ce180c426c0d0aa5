import Hummingbird
import HummingbirdWebSocket
import Logging
import NIOCore
import RelaisCore

/// The request context of every Relais route: Hummingbird's core storage plus the
/// typed facts our middleware establishes (who is calling, in which language, from where).
///
/// The WebSocket router uses it too, so an upgrade is authenticated by the same middleware as the API.
public struct AppRequestContext: RequestContext, WebSocketRequestContext {
    public var coreContext: CoreRequestContextStorage
    /// Where a WebSocket route leaves its handler for the upgrade (unused by plain HTTP requests).
    public let webSocket = WebSocketHandlerReference<AppRequestContext>()
    /// Set by `AuthenticationMiddleware` when the caller proved who they are.
    public var identity: Identity?
    /// The interface language chosen for this request.
    public var language: Language = .en
    /// The peer address, or the forwarded client address when a trusted proxy sent one.
    public var clientIP: String?
    /// The CSRF token of this browser, to embed in forms.
    public var csrfToken: String?
    /// Cookies to add to whatever response this request ends with (a rotated session, a new CSRF token…).
    public var cookiesToSet: [Cookie] = []
    /// Upper bound for bodies, set from configuration by the first middleware.
    public var bodyLimit: Int = 1 << 20
    /// How long a body may take to arrive, set from configuration by the first middleware.
    public var bodyTimeout: Duration = .seconds(30)

    public init(source: ApplicationRequestContextSource) {
        self.coreContext = .init(source: source)
        self.clientIP = source.channel.remoteAddress?.ipAddress
    }

    public var maxUploadSize: Int { bodyLimit }

    /// The request id Hummingbird put in the logger metadata; echoed to clients and written to the audit log.
    public var requestID: String { logger[metadataKey: "hb.request.id"]?.description ?? "" }

    /// The identity, or a 401 problem: for handlers behind authentication.
    public func requireIdentity() throws -> Identity {
        guard let identity else { throw Problem.unauthorized() }
        return identity
    }
}
