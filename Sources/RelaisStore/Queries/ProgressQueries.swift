import Foundation
import PostgresNIO
import RelaisCore

/// A run as the live views show it: its counters and state, with the state of its campaign.
public struct RunProgress: Sendable, Equatable {
    public let run: CampaignRun
    public let campaignState: CampaignState

    public init(run: CampaignRun, campaignState: CampaignState) {
        self.run = run
        self.campaignState = campaignState
    }
}

extension TenantConnection {
    /// The columns of `runSelect`, in its order (so `decodeRun` reads them), then the campaign's state.
    static let progressSelect: StaticString = """
        SELECT r.id, r.campaign_id, r.number_id, r.occurrence, r.state, r.waiting_reason, r.ab_stage, r.ab_decide_at, r.ab_winner,
               r.ab_decision::text, r.recipients, r.queued, r.sending, r.sent, r.delivered, r.read, r.failed, r.uncertain, r.skipped,
               r.replied, r.opted_out, r.started_at, r.finished_at, c.state
        FROM campaign_runs r JOIN campaigns c ON c.tenant_id = r.tenant_id AND c.id = r.campaign_id
        WHERE r.tenant_id =
        """

    /// Returns a run's progress with its campaign's state, or nil (another tenant's run is invisible under row-level
    /// security). Changes nothing. Two primary-key lookups: this is the read behind every live update, so it must stay
    /// cheap however many messages the run has (the counters are kept on the run row by trigger).
    public func runProgress(_ id: UUID) async throws -> RunProgress? {
        var builder = SQLBuilder()
        builder.append(Self.progressSelect)
        builder.bind(tenant.rawValue)
        builder.append(" AND r.id = ")
        builder.bind(id)
        for try await row in try await run(builder.query) {
            let cells = row.makeRandomAccess()
            guard let state = CampaignState(rawValue: try cells[23].decode(String.self)) else { return nil }
            return RunProgress(run: try Self.decodeRun(cells), campaignState: state)
        }
        return nil
    }

    /// Returns the ids of the tenant's running runs, oldest first (what a live view shows when it connects).
    /// Changes nothing. Scans the tenant's runs by the primary key's prefix: a company has few runs at once.
    public func runningRunIDs() async throws -> [UUID] {
        let rows = try await run(
            "SELECT id FROM campaign_runs WHERE tenant_id = \(tenant.rawValue) AND state = 'running' ORDER BY started_at")
        return try await rows.decode(UUID.self).collect()
    }

    /// Returns the id of a campaign's latest run, whatever its state, or nil when it has none (or is not the
    /// tenant's). Changes nothing. Served by the (tenant, campaign, occurrence) unique index.
    public func latestRunID(campaign: UUID) async throws -> UUID? {
        let rows = try await run(
            """
            SELECT id FROM campaign_runs WHERE tenant_id = \(tenant.rawValue) AND campaign_id = \(campaign)
            ORDER BY occurrence DESC LIMIT 1
            """)
        for try await id in rows.decode(UUID.self) { return id }
        return nil
    }
}
