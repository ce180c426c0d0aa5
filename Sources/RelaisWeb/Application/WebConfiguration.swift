import Foundation

/// Everything the web layer needs to know about its environment, read once at boot by the composition root.
public struct WebConfiguration: Sendable {
    /// Signs access tokens (HS256). At least 32 bytes.
    public var jwtSecret: String
    /// Access-token lifetime; short so that a leaked token is worth little.
    public var accessTokenLifetime: TimeInterval = 15 * 60
    /// Refresh-token lifetime for API clients.
    public var refreshTokenLifetime: TimeInterval = 30 * 24 * 3600
    /// Largest request body accepted anywhere, in bytes (uploads have their own limit).
    public var maxBodySize: Int = 1 << 20
    /// How long a JSON or form body may take to arrive in full; slower is a 408 (uploads check a minimum rate instead).
    public var bodyTimeout: Duration = .seconds(30)
    /// Largest total size of a request's header fields; more is a 431.
    public var maxHeaderBytes: Int = 32 * 1024
    /// Requests per minute per client IP on `/api/v1/auth/*` and the login/sign-up forms.
    public var authRateLimitPerMinute: Int = 60
    /// Allowed CORS origins; empty means CORS is off.
    public var corsOrigins: [String] = []
    /// When true, cookies are `Secure` and HSTS is sent (set when served over TLS, directly or behind a proxy).
    public var secureCookies: Bool = false
    /// Trust `X-Forwarded-For` / `X-Forwarded-Proto` from the reverse proxy in front of us.
    public var trustProxy: Bool = false
    /// bcrypt cost factor; 12 in production, lower in tests to keep them quick.
    public var bcryptCost: UInt8 = 12
    /// Shown as a badge in the interface when WhatsApp runs against the built-in simulator.
    public var sandbox: Bool = true
    /// Base URL printed in invitation links (`http://127.0.0.1:8080` in the embedded default).
    public var publicBaseURL: String = "http://127.0.0.1:8080"
    /// The product's version, for `/healthz` and the page footer.
    public var version: String = "0.1.0"
    /// The Meta app secret that signs webhooks (in sandbox mode, the simulator's).
    public var whatsAppAppSecret: String
    /// The Meta app's id (`RELAIS_META_APP_ID`): with the app secret, it exchanges Embedded Signup codes for business
    /// tokens. Nil turns the Embedded Signup endpoint off (404).
    public var metaAppID: String? = nil
    /// The token Meta's webhook verification handshake must present.
    public var webhookVerifyToken: String
    /// Largest contact import file accepted, in bytes (50 MB by default); more is a 413.
    public var importMaxBytes: Int = 50 * 1024 * 1024
    /// Where uploaded import files wait for the import worker. Nodes that share imports must share this folder.
    public var uploadDirectory: URL = FileManager.default.temporaryDirectory.appendingPathComponent("relais-uploads")
    /// False on a dispatcher-only node (`RELAIS_ROLE=dispatcher`): only `/healthz`, `/readyz` and `/metrics` answer.
    public var servesApplication: Bool = true
    /// Who may see and start the server's backups from the web app (`RELAIS_OPERATOR_EMAILS`). Backups hold every
    /// company's data, so on a shared server a company's admin must not reach them: nil means every admin does (one
    /// company on its own machine, the embedded default); a set names the platform's operators (empty: nobody, the
    /// default with `DATABASE_URL`; `relais backup` and the schedule still run).
    public var backupOperators: Set<String>? = nil

    /// Whether `identity` may use the Backups page (an admin, and a platform operator where operators are named).
    public func operatesBackups(_ identity: Identity) -> Bool {
        guard identity.user.role == .admin else { return false }
        return backupOperators.map { $0.contains(identity.user.email.value) } ?? true
    }

    public init(jwtSecret: String, whatsAppAppSecret: String = "", webhookVerifyToken: String = "") {
        self.jwtSecret = jwtSecret
        self.whatsAppAppSecret = whatsAppAppSecret
        self.webhookVerifyToken = webhookVerifyToken
    }
}
