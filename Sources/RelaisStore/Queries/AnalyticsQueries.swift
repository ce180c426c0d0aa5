import Foundation
import PostgresNIO
import RelaisCore

extension TenantConnection {
    /// Returns the company's rollup rows (`message_stats`) of the local days `from`…`to` (both included; nil = no
    /// bound), optionally of one campaign, skipping rows whose counts went back to zero. Changes nothing. Plan: a
    /// range scan of the primary key (tenant, hour) or, for one campaign, of `message_stats_campaign`; it never reads
    /// `outbound_messages`, so its cost follows the number of (hour, run, status) cells, not of messages.
    public func statBuckets(from: LocalDay?, to: LocalDay?, campaign: UUID? = nil) async throws -> [StatBucket] {
        var builder = SQLBuilder()
        builder.append(
            """
            SELECT hour::date::text, extract(hour FROM hour)::int, run_id, variant, status, error_code, pricing, number_id, campaign_id,
                   messages, replied, opted_out
            FROM message_stats WHERE tenant_id =
            """)
        builder.bind(tenant.rawValue)
        if let from {
            builder.append(" AND hour >= ")
            builder.bind(from.description)
            builder.append("::timestamp")
        }
        if let to {
            builder.append(" AND hour < ")
            builder.bind(to.adding(days: 1).description)
            builder.append("::timestamp")
        }
        if let campaign {
            builder.append(" AND campaign_id = ")
            builder.bind(campaign)
        }
        builder.append(" AND (messages <> 0 OR replied <> 0 OR opted_out <> 0)")
        let nilID = UUID(uuid: (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0))
        var buckets: [StatBucket] = []
        for try await row in try await run(builder.query) {
            let cells = row.makeRandomAccess()
            guard let day = LocalDay(parsing: try cells[0].decode(String.self)),
                let status = MessageStatus(rawValue: try cells[4].decode(String.self))
            else { continue }
            let runID = try cells[2].decode(UUID.self)
            let campaignID = try cells[8].decode(UUID.self)
            let code = try cells[5].decode(Int.self)
            let pricing = try cells[6].decode(String.self)
            buckets.append(
                StatBucket(
                    day: day, hour: try cells[1].decode(Int.self), campaignID: campaignID == nilID ? nil : campaignID,
                    runID: runID == nilID ? nil : runID, variant: try cells[3].decode(Int.self), numberID: try cells[7].decode(UUID.self),
                    status: status, errorCode: code == 0 ? nil : code, pricing: pricing.isEmpty ? nil : pricing,
                    messages: try cells[9].decode(Int.self), replied: try cells[10].decode(Int.self), optedOut: try cells[11].decode(Int.self)))
        }
        return buckets
    }

    /// Returns the names of these campaigns, keyed by id (the dashboard's top campaigns). Changes nothing.
    public func campaignNames(_ ids: [UUID]) async throws -> [UUID: String] {
        guard !ids.isEmpty else { return [:] }
        let rows = try await run("SELECT id, name FROM campaigns WHERE tenant_id = \(tenant.rawValue) AND id = ANY(\(ids)::uuid[])")
        var names: [UUID: String] = [:]
        for try await (id, name) in rows.decode((UUID, String).self) { names[id] = name }
        return names
    }

    /// Returns whether the company ever sent a message (any rollup row with messages). Changes nothing. Plan: an index-only
    /// probe of the primary key stopping at the first row, so the dashboard can ask it on every visit.
    public func hasSentMessages() async throws -> Bool {
        let rows = try await run("SELECT EXISTS (SELECT 1 FROM message_stats WHERE tenant_id = \(tenant.rawValue) AND messages <> 0)")
        for try await exists in rows.decode(Bool.self) { return exists }
        return false
    }
}
