/// A token bucket holding at most one second of throughput, refilled continuously.
struct TokenBucket: Sendable {
    private(set) var rate: Double
    private var tokens: Double
    private var updated: ContinuousClock.Instant

    init(rate: Double, now: ContinuousClock.Instant) {
        self.rate = rate
        self.tokens = max(rate, 1)
        self.updated = now
    }

    /// Changes the rate without granting a fresh burst.
    mutating func setRate(_ newRate: Double) {
        rate = newRate
        tokens = min(tokens, max(newRate, 1))
    }

    /// Takes one token if available.
    mutating func take(now: ContinuousClock.Instant) -> Bool {
        let elapsed = Double((now - updated).nanoseconds) / 1e9
        updated = now
        tokens = min(max(rate, 1), tokens + elapsed * rate)
        guard tokens >= 1 else { return false }
        tokens -= 1
        return true
    }
}
