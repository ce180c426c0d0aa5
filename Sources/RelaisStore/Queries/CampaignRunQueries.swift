import Foundation
import PostgresNIO
import RelaisCore

/// How many of a run's messages stand at each status, and what recipients did (kept by the counting trigger).
public struct RunCounters: Sendable, Equatable, Codable {
    public var recipients = 0
    public var queued = 0
    public var sending = 0
    public var sent = 0
    public var delivered = 0
    public var read = 0
    public var failed = 0
    public var uncertain = 0
    public var skipped = 0
    public var replied = 0
    public var optedOut = 0

    public init() {}

    /// Messages not yet in a final state: the run is done when this is zero.
    public var unsettled: Int { queued + sending + uncertain }
}

/// One occurrence of a campaign being sent.
public struct CampaignRun: Sendable, Equatable {
    public enum State: String, Sendable, Codable { case running, paused, completed, cancelled, failed }
    public let id: UUID
    public let campaignID: UUID
    public let numberID: UUID
    public let occurrence: Int
    public var state: State
    public var waitingReason: String?
    public var abStage: String?
    public var abDecideAt: Date?
    public var abWinner: Int?
    public var abDecision: String?
    public var counters: RunCounters
    public let startedAt: Date
    public var finishedAt: Date?
}

extension TenantConnection {
    static let runSelect: StaticString = """
        SELECT id, campaign_id, number_id, occurrence, state, waiting_reason, ab_stage, ab_decide_at, ab_winner, ab_decision::text,
               recipients, queued, sending, sent, delivered, read, failed, uncertain, skipped, replied, opted_out, started_at, finished_at
        FROM campaign_runs r WHERE r.tenant_id =
        """

    /// Returns a campaign's runs, newest first.
    public func runs(campaign: UUID, limit: Int = 100) async throws -> [CampaignRun] {
        var builder = SQLBuilder()
        builder.append(Self.runSelect)
        builder.bind(tenant.rawValue)
        builder.append(" AND r.campaign_id = ")
        builder.bind(campaign)
        builder.append(" ORDER BY r.occurrence DESC LIMIT ")
        builder.bind(limit)
        return try await decodeRuns(run(builder.query))
    }

    /// Returns one run, or nil; `lock` holds its row for the transaction.
    public func campaignRun(_ id: UUID, lock: Bool = false) async throws -> CampaignRun? {
        var builder = SQLBuilder()
        builder.append(Self.runSelect)
        builder.bind(tenant.rawValue)
        builder.append(" AND r.id = ")
        builder.bind(id)
        if lock { builder.append(" FOR UPDATE") }
        return try await decodeRuns(run(builder.query)).first
    }

    /// Returns the latest run of each of these campaigns, keyed by campaign (the list page's progress).
    public func latestRuns(campaigns: [UUID]) async throws -> [UUID: CampaignRun] {
        var builder = SQLBuilder()
        builder.append(Self.runSelect)
        builder.bind(tenant.rawValue)
        builder.append(" AND r.campaign_id = ANY(")
        builder.bind(campaigns)
        builder.append(") AND r.occurrence = (SELECT max(l.occurrence) FROM campaign_runs l WHERE l.tenant_id = r.tenant_id AND l.campaign_id = r.campaign_id)")
        var latest: [UUID: CampaignRun] = [:]
        for run in try await decodeRuns(run(builder.query)) { latest[run.campaignID] = run }
        return latest
    }

    /// Inserts the next run of a campaign (its occurrence number one past the last run's) and returns its id.
    /// The caller holds the campaign's row lock; the (campaign, occurrence) unique index backs that up.
    public func insertRun(campaign: UUID, number: UUID, abDecideAt: Date?) async throws -> UUID {
        let id = UUID()
        try await Self.mappingErrors {
            try await run(
                """
                INSERT INTO campaign_runs (tenant_id, id, campaign_id, number_id, occurrence, ab_stage, ab_decide_at)
                VALUES (\(tenant.rawValue), \(id), \(campaign), \(number),
                        coalesce((SELECT max(occurrence) + 1 FROM campaign_runs WHERE tenant_id = \(tenant.rawValue) AND campaign_id = \(campaign)), 0),
                        CASE WHEN \(abDecideAt)::timestamptz IS NULL THEN NULL ELSE 'testing' END, \(abDecideAt))
                """)
        }
        return id
    }

    /// Moves a run to `state` (pause, resume, finish); final states stamp `finished_at`. Changes: the run row.
    public func setRunState(_ id: UUID, _ state: CampaignRun.State, waitingReason: String? = nil) async throws {
        try await run(
            """
            UPDATE campaign_runs SET state = \(state.rawValue), waiting_reason = \(waitingReason),
                finished_at = CASE WHEN \(state.rawValue) IN ('completed', 'cancelled', 'failed') THEN coalesce(finished_at, now()) END
            WHERE tenant_id = \(tenant.rawValue) AND id = \(id)
            """)
    }

    /// Notes why a running run sends nothing right now (nil clears it); only writes when it changes, and only notes a
    /// run that is still running (a round may end after its campaign was paused: the pause's reason stands alone).
    public func setWaitingReason(_ id: UUID, _ reason: String?) async throws {
        try await run(
            """
            UPDATE campaign_runs SET waiting_reason = \(reason)
            WHERE tenant_id = \(tenant.rawValue) AND id = \(id) AND waiting_reason IS DISTINCT FROM \(reason)
              AND (\(reason)::text IS NULL OR state = 'running')
            """)
    }

    /// Records an A/B decision and ends the test stage. Changes: the run row.
    public func recordABDecision(_ id: UUID, winner: Int, decision: String) async throws {
        try await run(
            """
            UPDATE campaign_runs SET ab_stage = 'decided', ab_winner = \(winner), ab_decision = CAST(\(decision) AS jsonb)
            WHERE tenant_id = \(tenant.rawValue) AND id = \(id)
            """)
    }

    /// Marks a cancelled run's messages that never left as skipped, so its counts still add up. Returns how many.
    @discardableResult
    public func skipUnsent(run id: UUID, reason: String) async throws -> Int {
        let rows = try await run(
            """
            UPDATE outbound_messages SET status = 'skipped', error_title = \(reason), updated_at = now(), lease_until = NULL
            WHERE tenant_id = \(tenant.rawValue) AND run_id = \(id) AND queue_state = 'queued'
            RETURNING 1
            """)
        return try await rows.collect().count
    }

    /// Per variant of a run: messages sent, and how many were delivered, read, replied, clicked (the A/B figures).
    public func variantFigures(run id: UUID) async throws -> [Int: VariantFigures] {
        let rows = try await run(
            """
            SELECT variant, count(*) FILTER (WHERE status IN ('sent', 'delivered', 'read'))::int,
                   count(*) FILTER (WHERE status IN ('delivered', 'read'))::int, count(*) FILTER (WHERE status = 'read')::int,
                   count(*) FILTER (WHERE replied_at IS NOT NULL)::int, count(*) FILTER (WHERE clicked_at IS NOT NULL)::int
            FROM outbound_messages WHERE tenant_id = \(tenant.rawValue) AND run_id = \(id) AND variant > 0
            GROUP BY variant
            """)
        var figures: [Int: VariantFigures] = [:]
        for try await (variant, sent, delivered, read, replied, clicked) in rows.decode((Int, Int, Int, Int, Int, Int).self) {
            figures[variant] = VariantFigures(sent: sent, delivered: delivered, read: read, replied: replied, clicked: clicked)
        }
        return figures
    }

    func decodeRuns(_ rows: PostgresRowSequence) async throws -> [CampaignRun] {
        var runs: [CampaignRun] = []
        for try await row in rows { runs.append(try Self.decodeRun(row.makeRandomAccess())) }
        return runs
    }

    /// One run from the first 23 columns of a row, in `runSelect`'s order (other selects list the same columns first).
    static func decodeRun(_ cells: PostgresRandomAccessRow) throws -> CampaignRun {
        var counters = RunCounters()
        counters.recipients = try cells[10].decode(Int.self)
        counters.queued = try cells[11].decode(Int.self)
        counters.sending = try cells[12].decode(Int.self)
        counters.sent = try cells[13].decode(Int.self)
        counters.delivered = try cells[14].decode(Int.self)
        counters.read = try cells[15].decode(Int.self)
        counters.failed = try cells[16].decode(Int.self)
        counters.uncertain = try cells[17].decode(Int.self)
        counters.skipped = try cells[18].decode(Int.self)
        counters.replied = try cells[19].decode(Int.self)
        counters.optedOut = try cells[20].decode(Int.self)
        return CampaignRun(
            id: try cells[0].decode(UUID.self), campaignID: try cells[1].decode(UUID.self), numberID: try cells[2].decode(UUID.self),
            occurrence: try cells[3].decode(Int.self), state: CampaignRun.State(rawValue: try cells[4].decode(String.self)) ?? .running,
            waitingReason: try cells[5].decode(String?.self), abStage: try cells[6].decode(String?.self),
            abDecideAt: try cells[7].decode(Date?.self), abWinner: try cells[8].decode(Int?.self),
            abDecision: try cells[9].decode(String?.self), counters: counters, startedAt: try cells[21].decode(Date.self),
            finishedAt: try cells[22].decode(Date?.self))
    }
}
