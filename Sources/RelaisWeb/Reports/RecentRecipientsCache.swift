import Foundation

/// The unique recipients each number reached over the last 24 hours, as the dashboard and the overview show them
/// (the messaging tier's usage), kept for a minute. Counting them is a DISTINCT over every message of the day: 100 ms
/// for a number that sent 95,000, on every dashboard view; a rolling 24-hour window barely moves in a minute. The
/// dispatcher, which enforces the tier, always counts afresh.
final class RecentRecipientsCache: @unchecked Sendable {
    private let lock = NSLock()
    private var entries: [UUID: (count: Int, until: ContinuousClock.Instant)] = [:]
    private let lifetime: Duration

    init(lifetime: Duration = .seconds(60)) {
        self.lifetime = lifetime
    }

    /// The number's count, read with `read` when there is none younger than the lifetime.
    func count(number: UUID, read: () async throws -> Int) async throws -> Int {
        let now = ContinuousClock.now
        if let entry = lock.withLock({ entries[number] }), entry.until > now { return entry.count }
        let count = try await read()
        lock.withLock {
            entries = entries.filter { $0.value.until > now }
            entries[number] = (count, now + lifetime)
        }
        return count
    }
}
