import Foundation
import Synchronization

/// The simulator's shared state behind one lock; request handlers and the webhook loop both use it.
///
/// A `Mutex` rather than an actor: the hot path is one short critical section per request, with no suspension.
final class SimulatorStore: Sendable {
    let state: Mutex<SimulatorState>
    /// Webhook POSTs currently in flight (read by the loop to bound concurrency).
    let inFlight = Atomic<Int>(0)
    /// How far the simulator's clock is ahead of the machine's (reference section 8, item 22): tests jump over
    /// a 3 h template pause or a 24 h window instead of waiting for it. Atomic, so reading the time takes no lock.
    private let clockOffsetNanoseconds = Atomic<Int64>(0)

    init(configuration: SimulatorStateConfiguration) {
        state = Mutex(SimulatorState(configuration: configuration))
    }

    /// The simulator's monotonic time: every limiter, delay and due event is measured on it.
    var now: ContinuousClock.Instant {
        ContinuousClock.now.advanced(by: .nanoseconds(clockOffsetNanoseconds.load(ordering: .relaxed)))
    }

    /// The simulator's wall time: webhook timestamps, the 24 h windows and the tier's rolling day.
    var wallNow: Date {
        Date().addingTimeInterval(Double(clockOffsetNanoseconds.load(ordering: .relaxed)) / 1e9)
    }

    /// `wallNow` in whole unix seconds, as webhooks carry it.
    var unixTime: Int { Int(wallNow.timeIntervalSince1970) }

    /// Seconds the clock has been moved forward so far.
    var clockOffsetSeconds: Double { Double(clockOffsetNanoseconds.load(ordering: .relaxed)) / 1e9 }

    /// Moves the clock forward (never back: Meta's time does not rewind, and limiters assume it cannot).
    func advanceClock(by duration: Duration) {
        let nanoseconds = duration.components.seconds * 1_000_000_000 + duration.components.attoseconds / 1_000_000_000
        guard nanoseconds > 0 else { return }
        clockOffsetNanoseconds.add(nanoseconds, ordering: .relaxed)
    }

    /// Schedules a ready webhook body `delay` from now.
    func schedule(_ delivery: WebhookDelivery, after delay: Duration = .zero) {
        let due = now + delay
        state.withLock { $0.events.insert(.delivery(delivery), due: due) }
    }
}
