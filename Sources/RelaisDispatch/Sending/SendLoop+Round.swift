import Foundation
import Logging
import RelaisCore
import RelaisStore
import WhatsAppCloud

extension SendLoop {
    /// A message ready to leave, or the outcome it already has (skipped, deferred).
    enum Planned: Sendable {
        case send(ClaimedMessage, OutboundMessage)
        case settled(SendResult)
    }

    /// A round's claims, one list per run, and the runs that had stopped once they were committed.
    struct Claims: Sendable {
        var byRun: [[ClaimedMessage]]
        var stopped: [UUID: CampaignRun.State]?
    }

    /// Rounds, one after another: each claims a fair share of each run's due messages, plans them (render, window,
    /// pair limit), sends them paced, writes the outcomes, and acts on what WhatsApp said. While a round's last
    /// messages wait for their instant, the next round's are claimed, and while the next round sends, this one's
    /// outcomes are written: between two rounds only the drain holds the number back (a claim, a check and a
    /// commit between rounds held ten numbers at 80 msg/s to 93 % of it). A round whose results need acting on (a
    /// template or the number refused) is written and acted on before the next one leaves. The chain ends when
    /// nothing is left, when the number must wait or stop, or at `deadline` (housekeeping, new runs). Returns how
    /// many requests it made.
    func rounds(_ runs: [CampaignRun], until deadline: ContinuousClock.Instant, _ state: inout LoopState) async throws -> Int {
        guard !runs.isEmpty, let budget = try await budget(for: runs, state) else { return 0 }
        var bundles: [UUID: CampaignBundle] = [:]
        for run in runs {
            if let bundle = try await bundle(for: run, &state) { bundles[run.id] = bundle }
        }
        let claimable = runs.map(\.id).filter { bundles[$0] != nil }
        let share = max(1, budget / max(claimable.count, 1))
        var claims = try await claim(claimable, share: share)
        var requests = 0
        var writing: Task<Void, any Error>?  // the previous round's outcomes
        do {
            while true {
                let planned = Self.interleave(claims.byRun).map { plan($0, bundles[$0.runID], &state) }
                if planned.isEmpty { break }
                let sends = planned.count { if case .send = $0 { true } else { false } }
                // Only a number with room left in its tier for another round claims one ahead.
                let roomAfter = state.sender.tierCap.map { $0 - state.tierUsed - sends } ?? Int.max
                let ahead = !Task.isCancelled && ContinuousClock.now < deadline && roomAfter >= share * claimable.count
                let (results, next) = try await send(
                    planned, claims.stopped, runs: runs.map(\.id), claimAhead: ahead ? claimable : [], share: share, &state)
                try await writing?.value
                writing = nil
                requests += sends
                let stopping = state.stopLoop || state.holdUntil != nil || Task.isCancelled
                guard let next, !stopping, !results.contains(where: \.needsAction) else {
                    try await record(results.map(\.outcome))
                    try await act(on: results, runs: runs, &state)
                    try await clearWaiting(runs, deferred: results)
                    guard let next else { break }
                    if state.stopLoop || state.holdUntil != nil || Task.isCancelled {
                        try await release(next)
                        break
                    }
                    claims = next
                    continue
                }
                let outcomes = results.map(\.outcome)
                writing = Task {
                    try await record(outcomes)
                    try await clearWaiting(runs, deferred: results)
                }
                claims = next
            }
        } catch {
            _ = try? await writing?.value
            throw error
        }
        try await writing?.value
        return requests
    }

    /// How many messages a round may claim: what the number may send in a round, within its tier's room. Nil (and
    /// the runs say why) when the number must wait.
    private func budget(for runs: [CampaignRun], _ state: LoopState) async throws -> Int? {
        if let hold = state.holdUntil, ContinuousClock.now < hold {
            try await noteWaiting(runs, "Messaging limit reached for this number; sending resumes automatically.")
            return nil
        }
        let budget = min(max(1, Int(state.pacer.rate * (settings.roundSeconds + settings.inFlightSeconds))), settings.roundLimit)
        guard let cap = state.sender.tierCap else { return budget }
        let room = cap - state.tierUsed
        if room <= 0 {
            try await noteWaiting(runs, "Messaging tier reached (\(cap) new recipients in 24 h); sending resumes as capacity frees up.")
            return nil
        }
        return min(budget, room)
    }

    /// Claims up to `share` due messages of each run, then reads which runs had stopped by the time the claims were
    /// committed: the claim read each run as running with a snapshot taken when it began, so a pause that committed
    /// while it ran may already have returned (it saw nothing sending yet), and its messages must not leave. A
    /// failed check is no reason to strand the claimed messages: the round's watch polls again.
    private func claim(_ runs: [UUID], share: Int) async throws -> Claims {
        let lease = settings.leaseSeconds
        var byRun: [[ClaimedMessage]] = []
        for run in runs {
            byRun.append(try await database.withTenant(tenant, logger: logger) { try await $0.claimMessages(run: run, limit: share, leaseSeconds: lease) })
        }
        let stopped = try? await database.withTenant(tenant, logger: logger) { try await $0.stoppedRuns(runs) }
        return Claims(byRun: byRun, stopped: stopped)
    }

    /// Puts claimed messages that will not be sent back: into their queue, or skipped when their run was cancelled.
    private func release(_ claims: Claims) async throws {
        let messages = claims.byRun.flatMap { $0 }
        if messages.isEmpty { return }
        let stopped = try await database.withTenant(tenant, logger: logger) { try await $0.stoppedRuns(Array(Set(messages.map(\.runID)))) }
        try await record(
            messages.map { message in
                let state = stopped[message.runID]
                let cancelled = state == .cancelled || state == .failed
                var outcome = SendOutcome(
                    id: message.id, status: cancelled ? .skipped : .queued, errorTitle: cancelled ? "campaign \(state?.rawValue ?? "")" : nil,
                    retryAt: Date())
                outcome.refundAttempt = true
                return outcome
            })
    }

    /// Sends one round's planned messages while the watch follows its runs' states and, once every message has its
    /// place in the pace, the next round's messages of `claimAhead` are claimed. Returns the results and those
    /// claims (nil when none were asked for or the claim failed: the loop then claims afresh).
    private func send(
        _ planned: [Planned], _ stopped: [UUID: CampaignRun.State]?, runs: [UUID], claimAhead: [UUID], share: Int, _ state: inout LoopState
    ) async throws -> ([SendResult], Claims?) {
        let gate = RunGate()
        gate.update(stopped ?? [:])
        let (scheduled, scheduling) = AsyncStream<Void>.makeStream()
        return try await withThrowingTaskGroup(of: Claims?.self) { group in
            group.addTask {
                try await watch(gate, runs: runs)
                return nil
            }
            if !claimAhead.isEmpty {
                group.addTask {
                    for await _ in scheduled { break }
                    return try? await claim(claimAhead, share: share)
                }
            }
            let results = await send(planned, gate: gate, scheduled: scheduling, &state)
            scheduling.finish()
            let next = claimAhead.isEmpty ? nil : (try await group.next() ?? nil)
            group.cancelAll()
            return (results, next)
        }
    }

    /// Writes a round's outcomes, trying again a few times: requests that left must not be forgotten because the
    /// database hiccupped (a restart, a serialisation failure).
    private func record(_ outcomes: [SendOutcome]) async throws {
        for attempt in 1...5 {
            do {
                try await database.withTenant(tenant, logger: logger) { try await $0.recordOutcomes(outcomes) }
                return
            } catch {
                if attempt == 5 || Task.isCancelled { throw error }
                logger.warning("outcomes not written yet", metadata: metadata(["error": "\(String(reflecting: error))"]))
                try? await Task.sleep(for: .milliseconds(200 * attempt))
            }
        }
    }

    /// Sends the planned messages, at most `inFlightLimit` at once, each at the instant the pacer gives it; says
    /// on `scheduled` when the last one has its instant.
    private func send(_ planned: [Planned], gate: RunGate, scheduled: AsyncStream<Void>.Continuation, _ state: inout LoopState) async -> [SendResult] {
        let sender = state.sender
        let client = whatsApp
        let policy = RetryPolicy()
        let window = settings.inFlightLimit(rate: state.pacer.rate)
        let departures = state.departures
        return await withTaskGroup(of: SendResult.self) { group in
            var results: [SendResult] = []
            var inFlight = 0
            for item in planned {
                guard case .send(let message, let outbound) = item else {
                    if case .settled(let result) = item { results.append(result) }
                    continue
                }
                if inFlight >= window, let result = await group.next() {
                    absorb(result, &state)
                    results.append(result)
                    inFlight -= 1
                }
                let at = state.pacer.reserve(now: .now)
                group.addTask {
                    if let stopped = await gate.sleep(until: at, run: message.runID) {
                        // A paused run takes it back into its queue; a cancelled one never sends it.
                        let cancelled = stopped == .cancelled || stopped == .failed
                        var outcome = SendOutcome(
                            id: message.id, status: cancelled ? .skipped : .queued, errorTitle: cancelled ? "campaign \(stopped.rawValue)" : nil,
                            retryAt: Date())
                        outcome.refundAttempt = true
                        return SendResult(outcome: outcome, runID: message.runID, toPhone: message.toPhone)
                    }
                    await departures.depart()
                    do throws(WhatsAppError) {
                        let receipt = try await client.send(outbound, phoneNumberID: sender.phoneNumberID, accessToken: sender.accessToken)
                        return SendResult(
                            outcome: SendOutcome(id: message.id, status: .sent, wamid: receipt.messageID),
                            signal: receipt.messageStatus == "held_for_quality_assessment" ? .heldForQuality : .none, runID: message.runID,
                            toPhone: message.toPhone)
                    } catch {
                        var generator = SystemRandomNumberGenerator()
                        return SendResult.failure(error, message, policy: policy, generator: &generator)
                    }
                }
                inFlight += 1
            }
            scheduled.yield()
            for await result in group {
                absorb(result, &state)
                results.append(result)
            }
            return results
        }
    }

    /// Feeds one result back into the loop's pace and counts as soon as it arrives.
    private func absorb(_ result: SendResult, _ state: inout LoopState) {
        switch result.signal {
        case .throttled: state.pacer.throttled(now: .now)
        case .messagingLimit: state.holdUntil = .now + .seconds(600)
        default: break
        }
        if result.outcome.status == .sent {
            state.tierUsed += 1
            state.recentRecipients[result.toPhone] = .now
        }
    }

    /// Polls which runs stopped while the round sends, every 100 ms, until cancelled.
    private func watch(_ gate: RunGate, runs: [UUID]) async throws {
        while !Task.isCancelled {
            try? await Task.sleep(for: .milliseconds(100))
            if Task.isCancelled { break }
            if let stopped = try? await database.withTenant(tenant, logger: logger, { try await $0.stoppedRuns(runs) }) { gate.update(stopped) }
        }
    }

    /// Takes one message of each run in turn, so every running campaign of the number advances together.
    static func interleave(_ lists: [[ClaimedMessage]]) -> [ClaimedMessage] {
        var merged: [ClaimedMessage] = []
        let longest = lists.map(\.count).max() ?? 0
        for index in 0..<longest {
            for list in lists where index < list.count { merged.append(list[index]) }
        }
        return merged
    }
}
