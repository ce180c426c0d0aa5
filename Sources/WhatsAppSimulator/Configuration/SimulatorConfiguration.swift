import Foundation

/// Everything that shapes a simulator run; defaults follow the contract.
public struct SimulatorConfiguration: Sendable {
    /// Which webhook payload era to emit (reference section 8, item 21).
    public enum WebhookShape: String, Sendable {
        /// BSUID era: `recipient_user_id` on statuses, `contacts[]` with `user_id` on sent/delivered/read.
        case current
        /// Pre-2026: `contacts[{profile, wa_id}]` on inbound only, no contacts or user ids on statuses.
        case classic
    }

    public var host: String
    /// 0 picks a free port; learn it through `onServerRunning`.
    public var port: Int
    /// Where signed webhooks go; `nil` keeps them queued (and visible in the webhook log) but unsent.
    public var webhookURL: String?
    public var appSecret: String
    public var webhookShape: WebhookShape
    /// Delay before a submitted template is approved or rejected.
    public var templateApprovalDelay: Duration
    /// Delays between webhook attempts after a failure (Meta's 7-day schedule, compressed).
    public var webhookRetryDelays: [Duration]
    /// How long a webhook POST may take before it counts as failed.
    public var webhookTimeout: Duration
    /// Most statuses carried by one webhook POST (Meta batches too).
    public var webhookBatchSize: Int
    /// Parallel webhook POSTs in flight.
    public var webhookConcurrency: Int
    public var statusProgression: StatusProgression
    /// Behaviour of numbers created without explicit fields.
    public var defaultBehavior: NumberBehavior
    /// Pair rate limit: one message per `pairInterval` per recipient, bursts of `pairBurst` within `pairBurstWindow`.
    public var pairInterval: Duration
    public var pairBurst: Int
    public var pairBurstWindow: Duration
    /// HTTP status used for throttling codes (Meta documents 429 but is often seen answering 400).
    public var throttleHTTPStatus: Int
    /// How long a "timeout" fault keeps the request hanging (it ends early on graceful shutdown).
    public var timeoutHang: Duration
    /// Seed of the simulator's randomness; the same seed and inputs give the same faults and delays.
    public var seed: UInt64
    /// Called with the bound port once the server listens.
    public var onServerRunning: @Sendable (Int) async -> Void
    /// When set, every accepted message is also appended to this file as a JSON line (the ledger stays in memory too).
    public var ledgerFile: String? = nil
    /// When set, numbers and templates are kept in this JSON file and restored at start (sandbox mode keeps it in `.relais/`).
    public var stateFile: String? = nil
    /// When set, webhooks to an `https` URL are verified against the certificates in this PEM file instead of the
    /// system's roots (a test certificate of the reverse proxy in front of the receiver).
    public var webhookCAFile: String? = nil
    /// When set, webhooks start only after the receiver passed Meta's GET handshake with this verify token.
    public var webhookVerifyToken: String? = nil
    /// Escape non-ASCII characters of webhook bodies as `\uXXXX`, like Meta (receivers must verify the raw bytes).
    public var escapeNonASCII = true
    /// Negative tests: sign every webhook with a wrong signature.
    public var signWebhooksWrongly = false
    /// Share of successful webhook POSTs delivered a second time (Meta is at-least-once).
    public var duplicateWebhookRate = 0.0
    /// Share of messages whose `read` is reported before `delivered` (Meta does not order webhooks).
    public var outOfOrderRate = 0.0
    /// The Meta app id that OAuth calls (`oauth/access_token`, `debug_token`) must name with the app secret.
    public var appID = "880000000000001"
    /// Management calls per rolling hour for the whole app before code 4; nil is unlimited.
    public var appCallsPerHour: Int? = nil
    /// Marketing templates to +1 numbers fail with 131049, as Meta does since 2025-04-01 (off by default: tests use +1 numbers).
    public var blockMarketingToUS = false

    public init(
        host: String = "127.0.0.1",
        port: Int = 8081,
        webhookURL: String? = nil,
        appSecret: String = "sandbox-app-secret",
        webhookShape: WebhookShape = .current,
        templateApprovalDelay: Duration = .seconds(1),
        webhookRetryDelays: [Duration] = SimulatorConfiguration.compressedRetrySchedule,
        webhookTimeout: Duration = .seconds(5),
        webhookBatchSize: Int = 100,
        webhookConcurrency: Int = 8,
        statusProgression: StatusProgression = StatusProgression(),
        defaultBehavior: NumberBehavior = NumberBehavior(),
        pairInterval: Duration = .seconds(6),
        pairBurst: Int = 45,
        pairBurstWindow: Duration = .seconds(6),
        throttleHTTPStatus: Int = 429,
        timeoutHang: Duration = .seconds(120),
        seed: UInt64 = 42,
        onServerRunning: @escaping @Sendable (Int) async -> Void = { _ in }
    ) {
        self.host = host
        self.port = port
        self.webhookURL = webhookURL
        self.appSecret = appSecret
        self.webhookShape = webhookShape
        self.templateApprovalDelay = templateApprovalDelay
        self.webhookRetryDelays = webhookRetryDelays
        self.webhookTimeout = webhookTimeout
        self.webhookBatchSize = webhookBatchSize
        self.webhookConcurrency = webhookConcurrency
        self.statusProgression = statusProgression
        self.defaultBehavior = defaultBehavior
        self.pairInterval = pairInterval
        self.pairBurst = pairBurst
        self.pairBurstWindow = pairBurstWindow
        self.throttleHTTPStatus = throttleHTTPStatus
        self.timeoutHang = timeoutHang
        self.seed = seed
        self.onServerRunning = onServerRunning
    }

    /// 1 s, 2 s, 4 s … 256 s, then 2-minute steps: about ten minutes in total, like Meta's 7 days compressed.
    public static let compressedRetrySchedule: [Duration] =
        (0...8).map { .seconds(1 << $0) } + [.seconds(120)]
}
