import Foundation
import PostgresNIO
import RelaisCore

/// A campaign as stored: what is sent, to whom, from which number and when.
public struct CampaignRecord: Sendable, Equatable {
    public let id: UUID
    public var name: String
    public var numberID: UUID
    public var ownerID: UUID?
    public var state: CampaignState
    /// Why it is paused, failed or held.
    public var stateReason: String?
    /// A scheduled campaign the scheduler skips until someone fixes it (its template became unusable…).
    public var held: Bool
    public var content: CampaignContent
    public var audience: CampaignAudience
    public var ab: ABSettings?
    public var schedule: CampaignSchedule?
    public var sendWindow: SendWindow?
    public var nextRunAt: Date?
    public var nextOccurrence: Int
    public let createdAt: Date
    public var updatedAt: Date

    public init(
        id: UUID, name: String, numberID: UUID, ownerID: UUID?, state: CampaignState = .draft, stateReason: String? = nil, held: Bool = false,
        content: CampaignContent, audience: CampaignAudience, ab: ABSettings? = nil, schedule: CampaignSchedule? = nil,
        sendWindow: SendWindow? = nil, nextRunAt: Date? = nil, nextOccurrence: Int = 0, createdAt: Date = Date(), updatedAt: Date = Date()
    ) {
        self.id = id
        self.name = name
        self.numberID = numberID
        self.ownerID = ownerID
        self.state = state
        self.stateReason = stateReason
        self.held = held
        self.content = content
        self.audience = audience
        self.ab = ab
        self.schedule = schedule
        self.sendWindow = sendWindow
        self.nextRunAt = nextRunAt
        self.nextOccurrence = nextOccurrence
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }

    /// Every content this campaign sends: the variants of its A/B test, or its one content.
    public var contents: [CampaignContent] { ab?.variants ?? [content] }
}

extension TenantConnection {
    /// The campaign columns every read returns, in `CampaignJSON.record`'s order.
    static let campaignSelect: StaticString = """
        SELECT id, name, number_id, owner_id, state, state_reason, held, content::text, audience::text, ab::text, start_local, time_zone,
               recurrence::text, send_window::text, next_run_at, next_occurrence, created_at, updated_at
        FROM campaigns c WHERE c.tenant_id =
        """

    /// Returns the tenant's campaigns, newest first, after the campaign `after` (cursor) when given; `query` keeps
    /// those whose name contains it (any case), `state` those in that state. Walks `campaigns_recent` and filters
    /// as it goes: a company has hundreds of campaigns, not millions, so no index on names is worth its upkeep.
    public func campaigns(limit: Int, after: UUID?, query: String? = nil, state: CampaignState? = nil) async throws -> [CampaignRecord] {
        var builder = SQLBuilder()
        builder.append(Self.campaignSelect)
        builder.bind(tenant.rawValue)
        if let query = query?.trimmingCharacters(in: .whitespaces), !query.isEmpty {
            let escaped = query.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "%", with: "\\%")
                .replacingOccurrences(of: "_", with: "\\_")
            builder.append(" AND c.name ILIKE ")
            builder.bind("%" + escaped + "%")
        }
        if let state {
            builder.append(" AND c.state = ")
            builder.bind(state.rawValue)
        }
        if let after {
            builder.append(" AND (c.created_at, c.id) < (SELECT p.created_at, p.id FROM campaigns p WHERE p.tenant_id = c.tenant_id AND p.id = ")
            builder.bind(after)
            builder.append(")")
        }
        builder.append(" ORDER BY c.created_at DESC, c.id DESC LIMIT ")
        builder.bind(limit)
        return try await decodeCampaigns(run(builder.query))
    }

    /// Returns one campaign, or nil; `lock` takes its row lock for the rest of the transaction (state changes).
    public func campaign(_ id: UUID, lock: Bool = false) async throws -> CampaignRecord? {
        var builder = SQLBuilder()
        builder.append(Self.campaignSelect)
        builder.bind(tenant.rawValue)
        builder.append(" AND c.id = ")
        builder.bind(id)
        if lock { builder.append(" FOR UPDATE") }
        return try await decodeCampaigns(run(builder.query)).first
    }

    /// Locks a due, scheduled campaign for the scheduler, skipping one another node holds; nil when it is
    /// not (or no longer) due. Changes nothing by itself.
    public func claimDueCampaign(_ id: UUID) async throws -> CampaignRecord? {
        var builder = SQLBuilder()
        builder.append(Self.campaignSelect)
        builder.bind(tenant.rawValue)
        builder.append(" AND c.id = ")
        builder.bind(id)
        builder.append(" AND c.state = 'scheduled' AND NOT c.held AND c.next_run_at <= now() FOR UPDATE SKIP LOCKED")
        return try await decodeCampaigns(run(builder.query)).first
    }

    /// Inserts a new campaign. Changes: one row.
    public func insertCampaign(_ campaign: CampaignRecord) async throws {
        let json = try CampaignJSON(campaign)
        try await run(
            """
            INSERT INTO campaigns (tenant_id, id, name, number_id, owner_id, state, state_reason, held, content, audience, ab,
                start_local, time_zone, recurrence, send_window, next_run_at, next_occurrence)
            VALUES (\(tenant.rawValue), \(campaign.id), \(campaign.name), \(campaign.numberID), \(campaign.ownerID), \(campaign.state.rawValue),
                \(campaign.stateReason), \(campaign.held), CAST(\(json.content) AS jsonb), CAST(\(json.audience) AS jsonb),
                CAST(\(json.ab) AS jsonb), \(json.startLocal), \(json.timeZone), CAST(\(json.recurrence) AS jsonb),
                CAST(\(json.sendWindow) AS jsonb), \(campaign.nextRunAt), \(campaign.nextOccurrence))
            """)
    }

    /// Writes every field of a campaign back (the caller read it, locked, and changed it). Changes: one row.
    public func saveCampaign(_ campaign: CampaignRecord) async throws {
        let json = try CampaignJSON(campaign)
        try await run(
            """
            UPDATE campaigns SET name = \(campaign.name), number_id = \(campaign.numberID), state = \(campaign.state.rawValue),
                state_reason = \(campaign.stateReason), held = \(campaign.held), content = CAST(\(json.content) AS jsonb),
                audience = CAST(\(json.audience) AS jsonb), ab = CAST(\(json.ab) AS jsonb), start_local = \(json.startLocal),
                time_zone = \(json.timeZone), recurrence = CAST(\(json.recurrence) AS jsonb), send_window = CAST(\(json.sendWindow) AS jsonb),
                next_run_at = \(campaign.nextRunAt), next_occurrence = \(campaign.nextOccurrence), updated_at = now()
            WHERE tenant_id = \(tenant.rawValue) AND id = \(campaign.id)
            """)
    }

    /// Deletes a campaign with its runs and queued messages; returns its name, nil when no such campaign.
    public func deleteCampaign(_ id: UUID) async throws -> String? {
        let rows = try await run("DELETE FROM campaigns WHERE tenant_id = \(tenant.rawValue) AND id = \(id) RETURNING name")
        for try await name in rows.decode(String.self) { return name }
        return nil
    }

    /// Returns the campaigns that send from `number` and are still alive (not final), for pausing them together.
    public func liveCampaignIDs(number: UUID) async throws -> [UUID] {
        let rows = try await run(
            """
            SELECT id FROM campaigns WHERE tenant_id = \(tenant.rawValue) AND number_id = \(number)
              AND state IN ('scheduled', 'running', 'paused')
            """)
        return try await rows.decode(UUID.self).collect()
    }

    private func decodeCampaigns(_ rows: PostgresRowSequence) async throws -> [CampaignRecord] {
        var campaigns: [CampaignRecord] = []
        for try await row in rows {
            let cells = row.makeRandomAccess()
            let json = CampaignJSON.Stored(
                content: try cells[7].decode(String.self), audience: try cells[8].decode(String.self), ab: try cells[9].decode(String?.self),
                startLocal: try cells[10].decode(String?.self), timeZone: try cells[11].decode(String?.self),
                recurrence: try cells[12].decode(String?.self), sendWindow: try cells[13].decode(String?.self))
            campaigns.append(
                CampaignRecord(
                    id: try cells[0].decode(UUID.self), name: try cells[1].decode(String.self), numberID: try cells[2].decode(UUID.self),
                    ownerID: try cells[3].decode(UUID?.self), state: CampaignState(rawValue: try cells[4].decode(String.self)) ?? .draft,
                    stateReason: try cells[5].decode(String?.self), held: try cells[6].decode(Bool.self), content: try json.decodedContent(),
                    audience: try json.decodedAudience(), ab: try json.abSettings(), schedule: try json.schedule(), sendWindow: try json.window(),
                    nextRunAt: try cells[14].decode(Date?.self), nextOccurrence: try cells[15].decode(Int.self),
                    createdAt: try cells[16].decode(Date.self), updatedAt: try cells[17].decode(Date.self)))
        }
        return campaigns
    }
}

extension AsyncSequence where Self: Sendable {
    /// Every element, in order.
    func collect() async throws -> [Element] {
        var elements: [Element] = []
        for try await element in self { elements.append(element) }
        return elements
    }
}
