import Foundation
import Logging
import RelaisCore
import RelaisStore
import ServiceLifecycle

/// Starts campaign occurrences when they are due and decides A/B tests when their time comes.
///
/// Every node may run it: a due campaign is locked with SKIP LOCKED inside its tenant before it fires, and an
/// occurrence has one run at most (a unique index), so two schedulers never fire the same occurrence twice. A
/// campaign that cannot start (template no longer approved, number paused, empty audience) is held with the
/// reason, for a person to fix, instead of being retried every second.
public struct CampaignScheduler: Service {
    let database: Database
    let settings: DispatchSettings
    let logger: Logger

    public init(database: Database, settings: DispatchSettings, logger: Logger) {
        self.database = database
        self.settings = settings
        self.logger = logger
    }

    public func run() async throws {
        await cancelWhenGracefulShutdown {
            await database.schema.wait()
            while !Task.isCancelled {
                do {
                    try await tick()
                } catch is CancellationError {
                    return
                } catch {
                    if Task.isCancelled { return }
                    logger.warning("scheduler paused", metadata: ["error": "\(String(reflecting: error))"])
                }
                try? await Task.sleep(for: settings.schedulerInterval)
            }
        }
    }

    /// Fires every due occurrence and decides every due A/B test once; public for tests that drive it by hand.
    public func tick() async throws {
        try Task.checkCancellation()
        let due = try await database.withoutTenant(logger: logger) { try await $0.dueCampaigns(limit: 100) }
        for (tenant, campaign) in due { try await fire(campaign, tenant: tenant) }
        let decisions = try await database.withoutTenant(logger: logger) { try await $0.dueABDecisions(limit: 100) }
        for (tenant, run) in decisions {
            try await ABDecider(database: database, logger: logger).decide(run: run, tenant: tenant)
        }
    }

    private func fire(_ id: UUID, tenant: TenantID) async throws {
        do {
            try await database.withTenant(tenant, logger: logger) { connection in
                guard let campaign = try await connection.claimDueCampaign(id) else { return }
                let launched = try await connection.launchRun(campaign, action: .start)
                try await connection.appendAudit(
                    AuditRecord(
                        action: .campaignStarted, actor: nil, targetType: "campaign", targetID: id.uuidString.lowercased(), ip: nil,
                        requestID: nil, details: ["run": launched.runID.uuidString.lowercased(), "queued": "\(launched.queued)"]))
                logger.info("campaign occurrence started", metadata: ["campaign.id": "\(id)", "queued": "\(launched.queued)"])
            }
        } catch let error as CampaignLaunchError {
            try await hold(id, tenant: tenant, reason: error.reason)
        } catch StoreError.uniqueViolation {
            // Another node fired this occurrence between our read and our insert: nothing to do.
            logger.debug("occurrence already fired", metadata: ["campaign.id": "\(id)"])
        }
    }

    private func hold(_ id: UUID, tenant: TenantID, reason: String) async throws {
        try await database.withTenant(tenant, logger: logger) { connection in
            guard var campaign = try await connection.claimDueCampaign(id) else { return }
            campaign.held = true
            campaign.stateReason = reason
            try await connection.saveCampaign(campaign)
            try await connection.appendAudit(
                AuditRecord(
                    action: .campaignHeld, actor: nil, targetType: "campaign", targetID: id.uuidString.lowercased(), ip: nil, requestID: nil,
                    details: ["reason": reason]))
        }
        logger.warning("scheduled campaign held", metadata: ["campaign.id": "\(id)", "reason": "\(reason)"])
    }
}
