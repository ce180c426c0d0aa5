import Synchronization

/// The instants at which a number's last sends actually left, so that no second ever holds more than `limit` of
/// them. The pacer spaces the instants it gives out, but on a busy machine some sends wake late and leave together
/// with the next ones: ten numbers paced at 97 % of 80 msg/s put 81 messages in some one-second window of the
/// simulator's ledger in each of four runs, and at most 80 in each of five with this window (then two below the
/// throughput). A send takes its place here just before it leaves.
final class DepartureWindow: Sendable {
    private struct Ring {
        var instants: [ContinuousClock.Instant]
        var next = 0
        var count = 0
    }

    private let limit: Int
    private let ring: Mutex<Ring>

    /// `limit` sends per second at most (at least one).
    init(perSecond limit: Int) {
        self.limit = max(1, limit)
        ring = Mutex(Ring(instants: Array(repeating: .now, count: max(1, limit))))
    }

    /// A number allowed `throughput` messages per second keeps three below it: Meta counts arrivals, a few
    /// milliseconds after departure and not always the same few (the test suite's two-node test, on two loaded
    /// cores, saw 81 in a second with two below).
    convenience init(throughput: Int) {
        self.init(perSecond: throughput - 3)
    }

    /// Takes a place for a send leaving at `now`: nil when it may leave, else the instant to ask again (when the
    /// oldest of the last `limit` departures turns a second old).
    func take(at now: ContinuousClock.Instant) -> ContinuousClock.Instant? {
        ring.withLock { ring in
            if ring.count == limit {
                // Full: the next slot holds the oldest departure, the first to leave the window.
                let oldest = ring.instants[ring.next]
                if now - oldest < .seconds(1) { return oldest + .seconds(1) }
            } else {
                ring.count += 1
            }
            ring.instants[ring.next] = now
            ring.next = (ring.next + 1) % limit
            return nil
        }
    }

    /// Waits until a send may leave and takes its place; returns at once when the task is cancelled (a shutdown
    /// drains what is in flight, it does not hold it back).
    func depart() async {
        while let later = take(at: .now) {
            if Task.isCancelled { return }
            try? await Task.sleep(until: later)
        }
    }
}
