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

    /// One round: claims a fair share of each run's due messages, plans them (render, window, pair limit), sends
    /// them paced, writes the outcomes, and acts on what WhatsApp said. Returns how many requests it made.
    func round(_ runs: [CampaignRun], _ state: inout LoopState) async throws -> Int {
        guard !runs.isEmpty else { return 0 }
        if let hold = state.holdUntil, ContinuousClock.now < hold {
            try await noteWaiting(runs, "Messaging limit reached for this number; sending resumes automatically.")
            return 0
        }
        var budget = max(1, Int(state.pacer.rate * (settings.roundSeconds + settings.inFlightSeconds)))
        if let cap = state.sender.tierCap {
            let room = cap - state.tierUsed
            if room <= 0 {
                try await noteWaiting(runs, "Messaging tier reached (\(cap) new recipients in 24 h); sending resumes as capacity frees up.")
                return 0
            }
            budget = min(budget, room)
        }
        let share = max(1, budget / runs.count)
        var claimedByRun: [[ClaimedMessage]] = []
        var bundles: [UUID: CampaignBundle] = [:]
        for run in runs {
            guard let bundle = try await bundle(for: run, &state) else { continue }
            bundles[run.id] = bundle
            let lease = settings.leaseSeconds
            claimedByRun.append(
                try await database.withTenant(tenant, logger: logger) { try await $0.claimMessages(run: run.id, limit: share, leaseSeconds: lease) })
        }
        let planned = Self.interleave(claimedByRun).map { plan($0, bundles[$0.runID], &state) }
        if planned.isEmpty { return 0 }
        let gate = RunGate()
        // The claim read each run as running with a snapshot taken when it began: a pause that committed while it ran
        // may already have returned (it saw nothing sending yet), so the gate learns of it before anything leaves. A
        // failed check must not strand the claimed messages: the watch below polls again.
        if let stopped = try? await database.withTenant(tenant, logger: logger, { try await $0.stoppedRuns(runs.map(\.id)) }) {
            gate.update(stopped)
        }
        let results = try await withThrowingTaskGroup(of: [SendResult].self) { group in
            group.addTask { try await watch(gate, runs: runs.map(\.id)) }
            let results = await send(planned, gate: gate, &state)
            group.cancelAll()
            return results
        }
        try await record(results.map(\.outcome))
        try await act(on: results, runs: runs, &state)
        try await clearWaiting(runs, deferred: results)
        return planned.count { if case .send = $0 { true } else { false } }
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

    /// Sends the planned messages, at most `inFlightLimit` at once, each at the instant the pacer gives it.
    private func send(_ planned: [Planned], gate: RunGate, _ state: inout LoopState) async -> [SendResult] {
        let sender = state.sender
        let client = whatsApp
        let policy = RetryPolicy()
        let window = settings.inFlightLimit(rate: state.pacer.rate)
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
    private func watch(_ gate: RunGate, runs: [UUID]) async throws -> [SendResult] {
        while !Task.isCancelled {
            try? await Task.sleep(for: .milliseconds(100))
            if Task.isCancelled { break }
            if let stopped = try? await database.withTenant(tenant, logger: logger, { try await $0.stoppedRuns(runs) }) { gate.update(stopped) }
        }
        return []
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
