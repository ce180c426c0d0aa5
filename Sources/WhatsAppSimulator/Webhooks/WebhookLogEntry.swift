/// One webhook delivery attempt, for `GET /__sim/webhooks`.
public struct WebhookLogEntry: Sendable, Hashable, Codable {
    public var kind: String
    public var items: Int
    public var attempt: Int
    /// HTTP status of the receiver's answer, or 0 when it did not answer.
    public var status: Int
    public var at: String
}
