/// Meta's pair rate limit for one (business number, recipient): ≈1 message per interval, with bursts that borrow
/// future quota (reference section 3: "after a burst of 20, expect ~2 min of refusals").
///
/// `debt` is the instant at which all quota spent so far is repaid. A message is allowed when the quota is repaid,
/// which opens a new burst, or while a burst is still open (started less than `burstWindow` ago, under `burst` messages).
struct PairRateLimiter: Sendable {
    private var debt: ContinuousClock.Instant
    private var burstStart: ContinuousClock.Instant
    private var burstCount = 0

    init(now: ContinuousClock.Instant) {
        debt = now
        burstStart = now
    }

    mutating func allow(now: ContinuousClock.Instant, interval: Duration, burst: Int, burstWindow: Duration) -> Bool {
        if now >= debt {
            burstStart = now
            burstCount = 1
            debt = max(debt, now) + interval
            return true
        }
        if now - burstStart < burstWindow, burstCount < burst {
            burstCount += 1
            debt += interval
            return true
        }
        return false
    }
}
