import Foundation
import Logging
import RelaisCore
import RelaisStore
import ServiceLifecycle
import Synchronization

/// Fans live campaign progress out to this node's WebSockets.
///
/// It hears every run that moves, on any node, through `ProgressListener`; it reads a run only when someone of
/// the run's company watches, once per update whatever the number of sockets, inside the company's tenant
/// (row-level security), and hands the encoded update to that company's sockets only. A run is read at most
/// once per `interval` (four times a second by default): after an update it waits out the interval, then sends
/// the latest state once more if the run moved meanwhile, so a burst of changes never floods a browser and the
/// last state always arrives.
public final class RealtimeHub: Service, Sendable {
    let database: Database
    let listener: ProgressListener
    let logger: Logger
    let interval: Duration
    /// Updates a slow socket may have queued before the oldest are dropped (it will still get the latest).
    static let socketBuffer = 256

    private let state = Mutex(RealtimeHubState())
    private let events: AsyncStream<ProgressEvent>
    private let eventSink: AsyncStream<ProgressEvent>.Continuation

    public init(database: Database, listener: ProgressListener, logger: Logger, interval: Duration = .milliseconds(250)) {
        self.database = database
        self.listener = listener
        self.logger = logger
        self.interval = interval
        (events, eventSink) = AsyncStream.makeStream(of: ProgressEvent.self, bufferingPolicy: .bufferingNewest(10_000))
    }

    /// Listens and paces until graceful shutdown; then ends every subscription, so the sockets close.
    public func run() async throws {
        await withDiscardingTaskGroup { group in
            group.addTask { [listener, eventSink] in
                await listener.run { eventSink.yield($0) }
            }
            for await event in events.cancelOnGracefulShutdown() {
                switch event {
                case .listening:
                    // Announcements made while nobody listened are lost: re-read what the watchers may have missed,
                    // the runs running now and those last seen unfinished (they may have ended meanwhile).
                    let (tenants, unfinished) = state.withLock { ($0.watchedTenants, $0.unfinishedRuns) }
                    for key in unfinished where state.withLock({ $0.noteMoved(key) }) { group.addTask { await self.pump(key) } }
                    if !tenants.isEmpty { group.addTask { await self.announceRunning(of: tenants) } }
                case .progress(let tenant, let run):
                    let key = RunKey(tenant: tenant, run: run)
                    if state.withLock({ $0.noteMoved(key) }) { group.addTask { await self.pump(key) } }
                }
            }
            group.cancelAll()
        }
        state.withLock { state in
            for id in state.subscribers.keys { state.remove(id) }
        }
    }

    /// A new subscription to `tenant`'s updates, every campaign until narrowed.
    func subscribe(tenant: TenantID) -> RealtimeSubscription {
        let (updates, continuation) = AsyncStream.makeStream(of: String.self, bufferingPolicy: .bufferingNewest(Self.socketBuffer))
        let subscription = RealtimeSubscription(id: UUID(), tenant: tenant, updates: updates)
        state.withLock { $0.add(subscription.id, .init(tenant: tenant, campaign: nil, continuation: continuation)) }
        return subscription
    }

    /// From now on only `campaign`'s updates (nil: every campaign again).
    func narrow(_ subscription: RealtimeSubscription, to campaign: UUID?) {
        state.withLock { $0.narrow(subscription.id, to: campaign) }
    }

    func unsubscribe(_ subscription: RealtimeSubscription) {
        state.withLock { $0.remove(subscription.id) }
    }

    /// Treats these runs as moved: their current state reaches the tenant's sockets through the same pacing as
    /// any change (so a socket that just connected is not sent more than four updates a second either).
    func announce(tenant: TenantID, runs: [UUID]) {
        for run in runs { eventSink.yield(.progress(tenant: tenant, run: run)) }
    }

    /// Reads and sends a run, then waits out the interval; again while the run moved during the wait.
    private func pump(_ key: RunKey) async {
        repeat {
            await publish(key)
            do {
                try await Task.sleep(for: interval)
            } catch {
                return
            }
        } while state.withLock({ $0.pumpContinues(key) })
    }

    /// One read of the run (one query, inside its tenant), one encoding, handed to each watching socket.
    private func publish(_ key: RunKey) async {
        do {
            guard let progress = try await database.withTenant(key.tenant, logger: logger, { try await $0.runProgress(key.run) }) else { return }
            let rate = state.withLock {
                $0.record(key, left: progress.run.counters.left, running: progress.run.state == .running, at: .now)
            }
            let text = try ProgressMessage(progress, rate: rate).text
            state.withLock { $0.deliver(text, tenant: key.tenant, campaign: progress.run.campaignID) }
        } catch {
            logger.warning(
                "could not read a run's progress",
                metadata: ["tenant.id": "\(key.tenant)", "run.id": "\(key.run)", "error": "\(String(reflecting: error))"])
        }
    }

    /// After the listener came back: every running run of these tenants, as if it had moved.
    private func announceRunning(of tenants: [TenantID]) async {
        for tenant in tenants {
            do {
                announce(tenant: tenant, runs: try await database.withTenant(tenant, logger: logger) { try await $0.runningRunIDs() })
            } catch {
                logger.warning("could not list running runs", metadata: ["tenant.id": "\(tenant)", "error": "\(String(reflecting: error))"])
            }
        }
    }
}

/// One socket's subscription: the encoded updates of its tenant (narrowed to a campaign if it asked).
struct RealtimeSubscription: Sendable {
    let id: UUID
    let tenant: TenantID
    let updates: AsyncStream<String>
}
