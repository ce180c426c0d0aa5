import Foundation
import Logging
import RelaisCore
import RelaisStore
import WhatsAppCloud

/// Sends the running campaigns of one number, as the only sender of that number (the dispatcher holds its lock).
///
/// Each round claims what the number may send in three quarters of a second, shared between its running campaigns
/// (round-robin, so a big campaign launched first does not starve a small one), sends it paced by the number's
/// throughput, and writes every outcome back in one statement. The loop ends when the number has no running run.
struct SendLoop: Sendable {
    let tenant: TenantID
    let number: UUID
    let database: Database
    let whatsApp: WhatsAppClient
    let secrets: SecretBox
    let settings: DispatchSettings
    let logger: Logger

    /// The column the number's token is sealed for (the same binding the web app seals it with).
    static let tokenColumn = SecretBox.accessTokenColumn

    func run() async {
        var state: LoopState
        do {
            guard let prepared = try await prepare() else { return }
            state = prepared
        } catch {
            logger.warning("send loop could not start", metadata: metadata(["error": "\(String(reflecting: error))"]))
            return
        }
        logger.info("send loop started", metadata: metadata(["number.throughput": "\(state.sender.throughput)"]))
        var lastHousekeeping = ContinuousClock.now - .seconds(60)
        while !Task.isCancelled {
            do {
                if ContinuousClock.now - lastHousekeeping > .seconds(5) {
                    try await housekeeping(&state)
                    lastHousekeeping = .now
                    if state.stopLoop { break }
                }
                let runs = try await database.withTenant(tenant, logger: logger) { try await $0.runningRuns(number: number) }
                if runs.isEmpty { break }
                try await finishSettled(runs)
                let sent = try await round(runs.filter { $0.counters.queued > 0 }, &state)
                if state.stopLoop { break }
                if sent == 0 { try await Task.sleep(for: .milliseconds(200)) }
            } catch is CancellationError {
                break
            } catch {
                if Task.isCancelled { break }
                logger.warning("send loop paused", metadata: metadata(["error": "\(String(reflecting: error))"]))
                try? await Task.sleep(for: .seconds(1))
            }
        }
        logger.info("send loop ended", metadata: metadata([:]))
    }

    /// Reads the number and opens its token; a number that cannot send pauses its campaigns and ends the loop.
    /// Messages left `sending` by a previous owner (crash) become `uncertain` first. A loop starts just after a
    /// launch, often just after an import: statistics that lag those are refreshed first (a failure there is no
    /// reason not to send).
    private func prepare() async throws -> LoopState? {
        do {
            try await database.withoutTenant(logger: logger) { try await $0.refreshStatistics() }
        } catch {
            logger.warning("statistics not refreshed", metadata: metadata(["error": "\(String(reflecting: error))"]))
        }
        let recovered = try await database.withTenant(tenant, logger: logger) { try await $0.expireSendingLeases(number: number, all: true) }
        if recovered > 0 { logger.warning("messages left sending by a previous owner are uncertain", metadata: metadata(["count": "\(recovered)"])) }
        guard let sender = try await loadSender() else { return nil }
        // A previous owner sent until a moment ago, and Meta counts its last second with ours: let that second pass.
        if recovered > 0 { try await Task.sleep(for: .seconds(1)) }
        return LoopState(sender: sender, pacer: SendPacer(messagesPerSecond: sender.throughput, now: .now))
    }

    /// The number as it stands now, its token opened; nil (after pausing its campaigns) when it cannot send.
    private func loadSender() async throws -> NumberSender? {
        let (found, sealed) = try await database.withTenant(tenant, logger: logger) { connection in
            (try await connection.number(number), try await connection.sealedToken(ofNumber: number))
        }
        guard let found, let sealed else { return nil }
        guard found.status == .connected else {
            try await pauseNumberCampaigns(reason: found.statusReason ?? "number \(found.status.rawValue)", pauseNumber: false)
            return nil
        }
        return NumberSender(number: found, accessToken: try secrets.open(sealed, tenant: tenant, column: Self.tokenColumn))
    }

    /// Every few seconds: settles crashed claims, re-queues uncertain messages past their grace, re-reads the
    /// number (its tier, throughput and status may have changed) and the tier count, and forgets cached contents
    /// so template changes are seen.
    private func housekeeping(_ state: inout LoopState) async throws {
        guard let sender = try await loadSender() else {
            state.stopLoop = true
            return
        }
        if sender.throughput != state.sender.throughput { state.pacer = SendPacer(messagesPerSecond: sender.throughput, now: .now) }
        state.sender = sender
        // The grace counts from when the webhooks that could settle a message have been applied: a status that
        // arrived in time but waits in the inbox must not let the message go out twice.
        let grace = settings.uncertainGraceSeconds + (await webhookBacklogSeconds())
        state.tierUsed = try await database.withTenant(tenant, logger: logger) { connection in
            try await connection.expireSendingLeases(number: number)
            try await connection.requeueUnsettled(number: number, graceSeconds: grace)
            return try await connection.recipientsLastDay(number: number)
        }
        state.contents.removeAll()
        state.recentRecipients = state.recentRecipients.filter { ContinuousClock.now - $0.value < .seconds(6) }
    }

    /// The age of the webhook inbox's oldest waiting entry, in whole seconds, at most an hour (an inbox stuck for
    /// another reason must not hold uncertain messages for ever); 0 when it cannot be read.
    private func webhookBacklogSeconds() async -> Int {
        do {
            let backlog = try await database.withoutTenant(logger: logger) { try await $0.webhookBacklogSeconds() }
            return Int(min(max(backlog, 0), 3600).rounded(.up))
        } catch {
            logger.warning("webhook backlog unknown", metadata: metadata(["error": "\(String(reflecting: error))"]))
            return 0
        }
    }

    /// Completes the runs whose every message reached a final state.
    private func finishSettled(_ runs: [CampaignRun]) async throws {
        for run in runs where run.counters.unsettled == 0 && run.abStage != "testing" {
            let finished = try await database.withTenant(tenant, logger: logger) {
                try await $0.finishRunIfSettled(run.id, campaign: run.campaignID)
            }
            if finished { logger.info("campaign run completed", metadata: metadata(["run.id": "\(run.id)", "campaign.id": "\(run.campaignID)"])) }
        }
    }

    /// Pauses every running campaign of this number and holds its scheduled ones, with `reason` for the people
    /// who will see them; with `pauseNumber`, the number itself is paused too (its token or account is refused).
    func pauseNumberCampaigns(reason: String, pauseNumber: Bool) async throws {
        try await database.withTenant(tenant, logger: logger) { connection in
            try await connection.pauseCampaigns(ofNumber: number, reason: reason, pauseNumber: pauseNumber)
        }
        logger.warning("number's campaigns paused", metadata: metadata(["reason": "\(reason)"]))
    }

    func metadata(_ extra: Logger.Metadata) -> Logger.Metadata {
        extra.merging(["tenant.id": "\(tenant)", "number.id": "\(number)"]) { $1 }
    }
}
