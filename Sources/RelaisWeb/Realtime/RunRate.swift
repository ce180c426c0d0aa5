/// Messages per second that left a run's queue over the last few seconds, from the successive counts the live
/// updates read: no query of its own, and each node keeps its own (every node reads the same counters).
///
/// A message has left the queue once it is sent, delivered, read or failed; that sum never goes down (a throttled
/// message goes back to `queued` from `sending`, which it does not count), so the rate is never negative.
struct RunRate {
    /// How far back the rate looks.
    static let window: Duration = .seconds(5)

    private var samples: [(at: ContinuousClock.Instant, left: Int)] = []

    /// Records the count read `at`; returns the rate since the oldest count of the window, nil with one count only.
    mutating func record(left: Int, at now: ContinuousClock.Instant) -> Double? {
        samples.append((now, left))
        // Keep one count at least a window old as the baseline, and those after it.
        while samples.count > 2, now - samples[1].at >= Self.window { samples.removeFirst() }
        guard samples.count >= 2, let first = samples.first else { return nil }
        let seconds = (now - first.at) / .seconds(1)
        guard seconds > 0 else { return nil }
        return (Double(max(0, left - first.left)) / seconds * 10).rounded() / 10
    }
}
