/// Paces one number's sends: a token bucket at the number's throughput that slows down when WhatsApp
/// throttles and recovers gradually once it stops.
///
/// Each reservation returns the instant its send may leave, so a batch is spread evenly over time instead of
/// bursting and then waiting. The bucket holds a single token: sends leave evenly spaced, so no window of any
/// length sees more than the allowed rate, whatever way WhatsApp measures it.
struct SendPacer: Sendable {
    /// What the number is allowed, in messages per second.
    let nominalRate: Double
    /// The pace now: lower than nominal after throttling.
    private(set) var rate: Double
    private var tokens: Double
    private var updated: ContinuousClock.Instant
    private var lastThrottle: ContinuousClock.Instant?

    /// Aim just below the allowed rate so the jitter between our departures and Meta's count never crosses it, while
    /// using 96 % of what the number may send. Arrivals are stamped a few milliseconds after departure, not always
    /// the same few, and a receiver that stalls stamps a backlog together. The pauses between rounds are the slack
    /// that absorbs it: with rounds chained back to back (tried, see Benchmarks/RESULTS.md), the suite's two-node
    /// test on two loaded cores saw 81 to 84 messages in a second even at 95 %.
    static let safetyFactor = 0.96

    init(messagesPerSecond: Int, now: ContinuousClock.Instant) {
        nominalRate = max(Double(messagesPerSecond) * Self.safetyFactor, 0.5)
        rate = nominalRate
        tokens = 1
        updated = now
    }

    private let capacity = 1.0

    /// Takes a token; returns when the send holding it may leave (`now` when one is available).
    mutating func reserve(now: ContinuousClock.Instant) -> ContinuousClock.Instant {
        recover(now: now)
        let elapsed = Double((now - updated).components.attoseconds) / 1e18 + Double((now - updated).components.seconds)
        updated = now
        tokens = min(capacity, tokens + elapsed * rate) - 1
        if tokens >= 0 { return now }
        return now + .seconds(-tokens / rate)
    }

    /// WhatsApp said we go too fast: slow to 70 % (never below one message every two seconds).
    /// Answers to requests already in flight arrive together: one slow-down per second, not one per answer.
    mutating func throttled(now: ContinuousClock.Instant) {
        if let lastThrottle, now - lastThrottle < .seconds(1) { return }
        rate = max(rate * 0.7, 0.5)
        tokens = min(tokens, 0)
        lastThrottle = now
    }

    /// Five quiet seconds after a throttle, the pace climbs back 10 % per reservation-second towards nominal.
    private mutating func recover(now: ContinuousClock.Instant) {
        guard rate < nominalRate, let lastThrottle, now - lastThrottle > .seconds(5) else { return }
        rate = min(nominalRate, rate * 1.1)
        self.lastThrottle = now - .seconds(4)
    }
}
