import Foundation
import Logging
import RelaisCore
import RelaisStore
import WhatsAppCloud

extension SendLoop {
    /// Decides what happens to one claimed message: skipped (nothing to send), deferred (outside the send window,
    /// or the recipient was messaged less than 6 s ago), or sent.
    func plan(_ message: ClaimedMessage, _ bundle: CampaignBundle?, _ state: inout LoopState) -> Planned {
        func settle(_ status: MessageStatus, title: String?, retryAt: Date? = nil) -> Planned {
            var outcome = SendOutcome(id: message.id, status: status, errorTitle: title, retryAt: retryAt)
            outcome.refundAttempt = status == .queued
            return .settled(SendResult(outcome: outcome, runID: message.runID, toPhone: message.toPhone))
        }
        guard let bundle, let content = bundle.content(variant: message.variant) else { return settle(.skipped, title: "no content for its variant") }
        if let window = bundle.window {
            let zone =
                message.fields?.country.flatMap(CountryTimeZones.zone(for:)) ?? bundle.timeZone.flatMap(TimeZone.init(identifier:))
                ?? .gmt
            let now = Date()
            if !window.contains(now, in: zone) {
                return settle(.queued, title: nil, retryAt: window.nextOpening(after: now, in: zone))
            }
        }
        if let last = state.recentRecipients[message.toPhone], ContinuousClock.now - last < .seconds(6) {
            return settle(.queued, title: nil, retryAt: Date() + 6)
        }
        switch CampaignMessage.plan(message, content: content) {
        case .skip(let reason): return settle(.skipped, title: reason)
        case .send(let outbound): return .send(message, outbound)
        }
    }

    /// The campaign behind `run`, its contents resolved (cached per loop); nil when its templates cannot be sent,
    /// in which case the campaign is paused with the reason.
    func bundle(for run: CampaignRun, _ state: inout LoopState) async throws -> CampaignBundle? {
        if let cached = state.contents[run.campaignID] { return cached }
        let found: Result<CampaignBundle, CampaignLaunchError>? = try await database.withTenant(tenant, logger: logger) { connection in
            guard let campaign = try await connection.campaign(run.campaignID) else { return nil }
            do {
                let contents = try await connection.resolveContents(of: campaign)
                return .success(CampaignBundle(contents: contents, window: campaign.sendWindow, timeZone: campaign.schedule?.timeZone))
            } catch let error as CampaignLaunchError {
                return .failure(error)
            }
        }
        switch found {
        case .success(let resolved):
            let contents: [ResolvedContent]
            do {
                contents = try await HeaderMediaUploader(database: database, whatsApp: whatsApp, logger: logger).attach(
                    resolved.contents, tenant: tenant, number: number, phoneNumberID: state.sender.phoneNumberID,
                    accessToken: state.sender.accessToken)
            } catch let error as CampaignLaunchError {
                try await pauseCampaign(run.campaignID, reason: error.reason)
                return nil
            }
            let bundle = CampaignBundle(contents: contents, window: resolved.window, timeZone: resolved.timeZone)
            state.contents[run.campaignID] = bundle
            return bundle
        case .failure(let error):
            try await pauseCampaign(run.campaignID, reason: error.reason)
            return nil
        case nil:
            return nil
        }
    }

    /// Acts on what the round's results said: template problems pause their campaigns; a refused token or account
    /// pauses the number and all its campaigns and ends the loop.
    func act(on results: [SendResult], runs: [CampaignRun], _ state: inout LoopState) async throws {
        let campaignOfRun = Dictionary(runs.map { ($0.id, $0.campaignID) }, uniquingKeysWith: { first, _ in first })
        var pausedCampaigns: Set<UUID> = []
        for result in results {
            switch result.signal {
            case .templateProblem(let reason):
                guard let campaign = campaignOfRun[result.runID], pausedCampaigns.insert(campaign).inserted else { continue }
                try await pauseCampaign(campaign, reason: reason)
                state.contents[campaign] = nil
            case .numberProblem(let reason):
                guard !state.stopLoop else { continue }
                try await pauseNumberCampaigns(reason: reason, pauseNumber: true)
                state.stopLoop = true
            default:
                continue
            }
        }
    }

    private func pauseCampaign(_ id: UUID, reason: String) async throws {
        _ = try await database.withTenant(tenant, logger: logger) { connection -> CampaignRecord? in
            guard let campaign = try await connection.campaign(id), campaign.state == .running else { return nil }
            return try await connection.applyCampaignAction(id, .pause, reason: reason)
        }
        logger.warning("campaign paused", metadata: metadata(["campaign.id": "\(id)", "reason": "\(reason)"]))
    }

    /// Tells the people watching why these runs send nothing right now.
    func noteWaiting(_ runs: [CampaignRun], _ reason: String) async throws {
        try await database.withTenant(tenant, logger: logger) { connection in
            for run in runs { try await connection.setWaitingReason(run.id, reason) }
        }
    }

    static let pacingReason =
        "Meta is holding part of this campaign while it assesses the template's quality (template pacing): held messages go out, or fail if Meta pauses the template."

    /// Notes that Meta holds a run's messages (template pacing); clears the waiting note of runs that sent something this round; a run whose every message was deferred to
    /// its send window says so instead.
    func clearWaiting(_ runs: [CampaignRun], deferred results: [SendResult]) async throws {
        let heldRuns = Set(results.filter { $0.signal == .heldForQuality }.map(\.runID))
        let sentRuns = Set(results.filter { $0.outcome.status != .queued }.map(\.runID)).subtracting(heldRuns)
        let deferredRuns = Set(results.filter { $0.outcome.status == .queued && $0.outcome.retryAt ?? Date() > Date() + 60 }.map(\.runID))
        try await database.withTenant(tenant, logger: logger) { connection in
            for run in runs where run.waitingReason != nil || deferredRuns.contains(run.id) || heldRuns.contains(run.id) {
                if heldRuns.contains(run.id) {
                    try await connection.setWaitingReason(run.id, Self.pacingReason)
                } else if sentRuns.contains(run.id) {
                    try await connection.setWaitingReason(run.id, nil)
                } else if deferredRuns.contains(run.id) {
                    try await connection.setWaitingReason(run.id, "Outside the send window; sending resumes when it opens.")
                }
            }
        }
    }
}
