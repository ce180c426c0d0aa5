import Synchronization

/// The simulator's shared state behind one lock; request handlers and the webhook loop both use it.
///
/// A `Mutex` rather than an actor: the hot path is one short critical section per request, with no suspension.
final class SimulatorStore: Sendable {
    let state: Mutex<SimulatorState>
    /// Webhook POSTs currently in flight (read by the loop to bound concurrency).
    let inFlight = Atomic<Int>(0)

    init(configuration: SimulatorStateConfiguration) {
        state = Mutex(SimulatorState(configuration: configuration))
    }

    /// Schedules a ready webhook body `delay` from now.
    func schedule(_ delivery: WebhookDelivery, after delay: Duration = .zero) {
        let due = ContinuousClock.now + delay
        state.withLock { $0.events.insert(.delivery(delivery), due: due) }
    }
}
