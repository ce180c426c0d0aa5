import Foundation
import Synchronization

/// The runs that stopped (paused, cancelled) while a round was sending: a claimed message of such a run is put
/// back instead of sent. Refreshed from the database every 100 ms during a round.
final class RunGate: Sendable {
    private let stopped = Mutex<Set<UUID>>([])

    func isStopped(_ run: UUID) -> Bool { stopped.withLock { $0.contains(run) } }

    func update(_ runs: Set<UUID>) { stopped.withLock { $0.formUnion(runs) } }
}
