import Foundation
import RelaisCore
import RelaisStore

extension CampaignService {
    /// What a launch answers: the run that started and how many messages it queued.
    struct Launched: Encodable {
        let id: UUID
        let state: String
        let runId: UUID
        let queued: Int
    }

    /// Starts a run now (from draft or scheduled). Launch checks failing answer 422 with the reason; a state
    /// that cannot launch answers 409.
    func launch(_ id: UUID, identity: Identity, audit: Auditor) async throws -> Launched {
        try await database.withTenant(identity.tenant) { connection in
            guard let record = try await connection.campaign(id, lock: true) else { throw Problem.notFound() }
            let launched: LaunchedRun
            do {
                launched = try await connection.launchRun(record, action: .launch)
            } catch let error as CampaignLaunchError {
                throw Self.problem(error, state: record.state)
            }
            try await connection.appendAudit(
                audit(.campaignLaunched, id, ["run": launched.runID.uuidString.lowercased(), "queued": "\(launched.queued)"]))
            return Launched(id: id, state: launched.campaign.state.rawValue, runId: launched.runID, queued: launched.queued)
        }
    }

    /// Pauses, resumes or cancels. A pause or cancel returns once no message of the run is being sent, so
    /// nothing leaves after the answer (requests already in flight are recorded as they end).
    func act(_ id: UUID, _ action: CampaignAction, identity: Identity, audit: Auditor) async throws -> CampaignPayload {
        let auditAction: AuditAction =
            switch action {
            case .pause: .campaignPaused
            case .resume: .campaignResumed
            default: .campaignCancelled
            }
        // Pages translate these by their opening words (`DispatchReasonText`): keep "paused by" / "cancelled by".
        let reason: String? = action == .resume ? nil : "\(action == .pause ? "paused" : "cancelled") by \(identity.user.name)"
        try await database.withTenant(identity.tenant) { connection in
            // The refusal names the state it found, read under the lock the action takes: no separate read first.
            let changed: CampaignRecord?
            do {
                changed = try await connection.applyCampaignAction(id, action, reason: reason)
            } catch let refusal as CampaignTransitionError {
                throw Self.stateConflict(refusal.from, action.rawValue)
            }
            guard let changed else { throw Problem.notFound() }
            try await connection.appendAudit(audit(auditAction, id, ["name": changed.name]))
        }
        if action != .resume { await waitUntilNothingSending(id, tenant: identity.tenant) }
        return try await database.withTenant(identity.tenant) { try await Self.payload(id, $0) }
    }

    /// Waits until the campaign's current run has no message in `sending`: the send loop puts back what it claimed
    /// but did not send once it sees the run stopped (within 100 ms), and records the requests it had in flight as
    /// their answers come. Ten seconds at most: on a loaded machine a round's answers take seconds, and a node that
    /// died with messages claimed sends nothing more anyway (its expired leases become `uncertain`, settled by webhook).
    private func waitUntilNothingSending(_ id: UUID, tenant: TenantID) async {
        let deadline = ContinuousClock.now + .seconds(10)
        while ContinuousClock.now < deadline {
            let sending = try? await database.withTenant(tenant) { try await $0.runs(campaign: id, limit: 1).first?.counters.sending }
            if (sending ?? 0) == 0 { return }
            try? await Task.sleep(for: .milliseconds(50))
        }
    }

    /// Counts of the latest run (or `run`), summing to its recipients.
    func stats(_ id: UUID, run runID: UUID?, identity: Identity) async throws -> StatsPayload {
        try await database.withTenant(identity.tenant) { connection in
            guard let campaign = try await connection.campaign(id) else { throw Problem.notFound() }
            let run: CampaignRun?
            if let runID {
                guard let found = try await connection.campaignRun(runID), found.campaignID == id else { throw Problem.notFound() }
                run = found
            } else {
                run = try await connection.runs(campaign: id, limit: 1).first
            }
            let counters = run?.counters ?? RunCounters()
            return StatsPayload(
                state: campaign.state.rawValue, runId: run?.id, recipients: counters.recipients, byStatus: StatusCounts(counters),
                replied: counters.replied, optedOut: counters.optedOut, waitingReason: run?.waitingReason)
        }
    }

    /// The HTTP reading of a launch refusal: the state machine's is a 409, the rest are 422 with the reason.
    static func problem(_ error: CampaignLaunchError, state: CampaignState) -> Problem {
        if case .illegalState = error { return stateConflict(state, "launch") }
        var problem = Problem(status: .unprocessableContent, code: error.code, detail: error.reason)
        problem.extensions["reason"] = error.reason
        return problem
    }
}
