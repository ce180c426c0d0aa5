import Foundation
import RelaisCore

/// A run of a tenant: the unit the hub reads and paces.
struct RunKey: Hashable, Sendable {
    let tenant: TenantID
    let run: UUID
}

/// What the hub knows, behind its lock: the sockets listening and, per run, whether an update is being paced and
/// whether the run moved since the last read.
struct RealtimeHubState {
    struct Subscriber {
        let tenant: TenantID
        /// Only this campaign's updates; nil for every campaign of the tenant.
        var campaign: UUID?
        let continuation: AsyncStream<String>.Continuation
    }

    /// One run's pacing: `pumping` while a task reads it and then waits out the interval; `moved` when an
    /// announcement came in after that read started, so the pause must end with another read.
    struct Track {
        var pumping = false
        var moved = false
        var finished = false
        var rate = RunRate()
    }

    private(set) var subscribers: [UUID: Subscriber] = [:]
    private var watchers: [TenantID: Int] = [:]
    private var tracks: [RunKey: Track] = [:]

    mutating func add(_ id: UUID, _ subscriber: Subscriber) {
        subscribers[id] = subscriber
        watchers[subscriber.tenant, default: 0] += 1
    }

    mutating func remove(_ id: UUID) {
        guard let subscriber = subscribers.removeValue(forKey: id) else { return }
        subscriber.continuation.finish()
        let left = watchers[subscriber.tenant, default: 1] - 1
        watchers[subscriber.tenant] = left > 0 ? left : nil
        // Nobody of this tenant watches: forget its idle runs' rates (a pump still running forgets its own when it ends).
        if left <= 0 { tracks = tracks.filter { $0.key.tenant != subscriber.tenant || $0.value.pumping } }
    }

    mutating func narrow(_ id: UUID, to campaign: UUID?) {
        subscribers[id]?.campaign = campaign
    }

    /// The tenants someone watches.
    var watchedTenants: [TenantID] { Array(watchers.keys) }

    /// The runs read lately that had not finished: one may have finished while announcements were lost, and is no
    /// longer among the running runs then.
    var unfinishedRuns: [RunKey] { tracks.filter { !$0.value.finished }.map(\.key) }

    /// Notes that a run moved. True when a pump must start for it; false when one already runs (it will read
    /// again after its pause) or when nobody of the tenant watches (no read at all).
    mutating func noteMoved(_ key: RunKey) -> Bool {
        guard watchers[key.tenant] != nil else { return false }
        var track = tracks[key] ?? Track()
        defer { tracks[key] = track }
        if track.pumping {
            track.moved = true
            return false
        }
        track.pumping = true
        track.moved = false
        return true
    }

    /// Records what a read found; returns the rate to show.
    mutating func record(_ key: RunKey, left: Int, running: Bool, at now: ContinuousClock.Instant) -> Double? {
        var track = tracks[key] ?? Track()
        defer { tracks[key] = track }
        track.finished = !running
        return track.rate.record(left: left, at: now)
    }

    /// After a pump's pause: true when the run moved meanwhile (the pump reads again), else the pump ends here.
    mutating func pumpContinues(_ key: RunKey) -> Bool {
        guard var track = tracks[key] else { return false }
        if track.moved, watchers[key.tenant] != nil {
            track.moved = false
            tracks[key] = track
            return true
        }
        track.pumping = false
        track.moved = false
        // A finished run's rate is 0 from now on: nothing to remember.
        tracks[key] = track.finished || watchers[key.tenant] == nil ? nil : track
        return false
    }

    /// Hands `text` to every subscriber of `tenant` that watches `campaign`. The tenant test is the isolation
    /// between companies: a socket only ever receives its own company's runs.
    func deliver(_ text: String, tenant: TenantID, campaign: UUID) {
        for subscriber in subscribers.values where subscriber.tenant == tenant && (subscriber.campaign ?? campaign) == campaign {
            subscriber.continuation.yield(text)
        }
    }
}
