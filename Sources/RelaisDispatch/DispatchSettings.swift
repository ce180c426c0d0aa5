/// How the dispatcher paces and recovers; defaults suit production, tests shorten the waits.
public struct DispatchSettings: Sendable {
    /// How often the dispatcher looks for numbers that need a send loop (and takes over those of a dead node).
    public var pollInterval: Duration = .milliseconds(500)
    /// How long an `uncertain` message waits for a webhook before it is sent again (`RELAIS_UNCERTAIN_GRACE`).
    public var uncertainGraceSeconds = 900
    /// How long a claimed message stays `sending` before a crash is presumed and it becomes `uncertain`.
    public var leaseSeconds = 60
    /// Graph API requests in flight per number.
    public var maxInFlight = 64
    /// Each claim takes what the number may send in this many seconds, so a pause stops the loop quickly.
    public var roundSeconds = 0.25
    /// How often the scheduler looks for due occurrences and A/B decisions.
    public var schedulerInterval: Duration = .seconds(1)

    public init() {}
}
