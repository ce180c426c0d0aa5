/// How the dispatcher paces and recovers; defaults suit production, tests shorten the waits.
public struct DispatchSettings: Sendable {
    /// How often the dispatcher looks for numbers that need a send loop (and takes over those of a dead node).
    public var pollInterval: Duration = .milliseconds(500)
    /// How long an `uncertain` message waits for a webhook before it is sent again (`RELAIS_UNCERTAIN_GRACE`).
    public var uncertainGraceSeconds = 900
    /// How long a claimed message stays `sending` before a crash is presumed and it becomes `uncertain`.
    public var leaseSeconds = 60
    /// Graph API requests in flight per number, at least (slow numbers).
    public var maxInFlight = 64
    /// Seconds of a number's throughput allowed in flight: Meta answers a send in a few hundred milliseconds, and
    /// a window of 64 held a 1,000 msg/s number to 245 msg/s behind 200 ms of latency.
    public var inFlightSeconds = 0.5
    /// Each claim takes what the number may send in this many seconds (plus `inFlightSeconds`, so the drain that
    /// ends a round is a small part of it); a pause still stops the loop quickly, its unsent claims go back.
    public var roundSeconds = 0.25
    /// How often the scheduler looks for due occurrences and A/B decisions.
    public var schedulerInterval: Duration = .seconds(1)

    public init() {}

    /// Requests in flight for a number sending `rate` messages per second.
    func inFlightLimit(rate: Double) -> Int {
        min(max(maxInFlight, Int(rate * inFlightSeconds)), 1024)
    }
}
