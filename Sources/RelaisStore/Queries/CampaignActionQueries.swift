import Foundation
import PostgresNIO
import RelaisCore

extension TenantConnection {
    /// Applies `pause`, `resume`, `cancel` or `fail` to a campaign and its current run, in the caller's transaction.
    /// The campaign row is locked first, so a send loop's completion and a person's action never cross.
    /// A cancelled or failed run's messages that never left become `skipped` (so its counts still add up).
    /// Returns the campaign as it now stands, nil when no such campaign; throws `CampaignTransitionError` for an
    /// action its state forbids.
    public func applyCampaignAction(_ id: UUID, _ action: CampaignAction, reason: String? = nil) async throws -> CampaignRecord? {
        guard var campaign = try await campaign(id, lock: true) else { return nil }
        campaign.state = try campaign.state.applying(action)
        campaign.stateReason = reason
        if campaign.state == .cancelled { campaign.nextRunAt = nil }
        try await saveCampaign(campaign)
        let runState: CampaignRun.State? =
            switch action {
            case .pause: .paused
            case .resume: .running
            case .cancel: .cancelled
            case .fail: .failed
            default: nil
            }
        guard let runState, let current = try await runs(campaign: id, limit: 1).first, current.state == .running || current.state == .paused
        else { return campaign }
        // Unsent messages first, the run's row after: a claim that holds some of those messages waits for the run's
        // row (its counters' trigger), so taking the row first made the two wait on each other (a deadlock, and the
        // cancel rolled back) whenever a cancel met a claim.
        if runState == .cancelled || runState == .failed {
            try await skipUnsent(run: current.id, reason: reason ?? "campaign \(campaign.state.rawValue)")
        }
        try await setRunState(current.id, runState, waitingReason: nil)
        return campaign
    }

    /// Ends a run whose messages all settled: the run completes, and its campaign completes — or goes back to
    /// `scheduled` when its recurrence has another occurrence. A run still in its A/B test stage waits for the
    /// decision. Returns true when it finished the run. Locks the campaign, then re-reads the run's counters.
    public func finishRunIfSettled(_ runID: UUID, campaign campaignID: UUID) async throws -> Bool {
        guard var campaign = try await campaign(campaignID, lock: true), let run = try await campaignRun(runID, lock: true),
            run.state == .running, run.counters.unsettled == 0, run.abStage != "testing"
        else { return false }
        try await setRunState(runID, .completed)
        if campaign.state == .running {
            campaign.state = try campaign.state.applying(campaign.nextRunAt == nil ? .complete : .reschedule)
            try await saveCampaign(campaign)
        }
        return true
    }
}
