import Foundation
import RelaisStore
import Synchronization

/// The runs that stopped (paused, cancelled) while a round was sending: a claimed message of such a run is put
/// back (paused) or skipped (cancelled, failed) instead of sent. Refreshed from the database every 100 ms.
final class RunGate: Sendable {
    private let stopped = Mutex<[UUID: CampaignRun.State]>([:])

    /// The state of `run` if it stopped, nil while it runs.
    func stoppedState(_ run: UUID) -> CampaignRun.State? { stopped.withLock { $0[run] } }

    func update(_ runs: [UUID: CampaignRun.State]) { stopped.withLock { $0.merge(runs) { $1 } } }

    /// Sleeps until `instant`, waking every 50 ms to give up early when `run` stops. Returns the stopped state, if any.
    func sleep(until instant: ContinuousClock.Instant, run: UUID) async -> CampaignRun.State? {
        while ContinuousClock.now < instant {
            if let state = stoppedState(run) { return state }
            try? await Task.sleep(until: min(instant, .now + .milliseconds(50)))
        }
        return stoppedState(run)
    }
}
