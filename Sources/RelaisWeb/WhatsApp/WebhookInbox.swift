import RelaisStore
import Synchronization

/// Stores incoming webhook bodies durably, several per commit, and returns only once the caller's body is committed.
///
/// Meta retries a webhook until it gets a 200, so a body must be committed before its request is answered; one
/// commit per request made the requests queue on PostgreSQL's WAL flush under a campaign's status traffic. Here the
/// bodies that arrive while a store is under way wait for the next one and are written together (group commit):
/// an idle server stores a lone webhook at once, a busy one writes batches as large as the traffic makes them.
///
/// No task of its own: the caller that finds a free slot leads, writes its body with whatever has queued, wakes
/// those it wrote, and hands the slot to the oldest waiter still queued, which leads the next write with its body.
final class WebhookInbox: Sendable {
    /// What a waiting request is told when it wakes up.
    private enum Turn {
        /// Its body is committed.
        case stored
        /// It leads the next write (its own body and those queued behind it).
        case lead
    }

    private struct Waiter {
        let body: String
        let continuation: CheckedContinuation<Turn, any Error>
    }

    private struct State {
        var queue: [Waiter] = []
        /// Writes under way or about to start, at most `writers`.
        var leaders = 0
    }

    private let database: Database
    /// Writes in flight at once: two overlap one write's commit with the next one's round trip.
    private let writers: Int
    /// Bodies per write.
    private let batchLimit: Int
    /// Bytes per write, beyond the leader's own body: a body may be 3 MB, and 256 of them would make one statement of
    /// most of a gigabyte.
    private let byteLimit = 8 << 20
    private let state = Mutex(State())

    init(database: Database, writers: Int = 2, batchLimit: Int = 256) {
        self.database = database
        self.writers = writers
        self.batchLimit = batchLimit
    }

    /// Returns once `body` is committed; throws (nothing of it stored) when the write failed.
    func store(_ body: String) async throws {
        let turn = try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Turn, any Error>) in
            let leads = state.withLock { state in
                guard state.leaders < writers else {
                    state.queue.append(Waiter(body: body, continuation: continuation))
                    return false
                }
                state.leaders += 1
                return true
            }
            if leads { continuation.resume(returning: .lead) }
        }
        guard case .lead = turn else { return }
        let followers = state.withLock { state in
            var bytes = body.utf8.count
            var count = 0
            for waiter in state.queue.prefix(batchLimit - 1) {
                bytes += waiter.body.utf8.count
                if bytes > byteLimit { break }
                count += 1
            }
            let taken = Array(state.queue.prefix(count))
            state.queue.removeFirst(count)
            return taken
        }
        let outcome: Result<Void, any Error>
        do {
            try await database.withoutTenant { try await $0.storeWebhooks(bodies: [body] + followers.map(\.body)) }
            outcome = .success(())
        } catch {
            outcome = .failure(error)
        }
        for follower in followers { follower.continuation.resume(with: outcome.map { Turn.stored }) }
        let next = state.withLock { state -> Waiter? in
            guard !state.queue.isEmpty else {
                state.leaders -= 1
                return nil
            }
            return state.queue.removeFirst()
        }
        next?.continuation.resume(returning: .lead)
        try outcome.get()
    }
}
