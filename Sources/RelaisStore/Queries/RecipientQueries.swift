import Foundation
import PostgresNIO
import RelaisCore

/// One recipient of a campaign as the report lists it: the message's status and the time of each stage.
public struct CampaignRecipient: Sendable, Equatable {
    public let messageID: UUID
    public let phone: String
    public let contactName: String?
    public let occurrence: Int
    public let variant: Int
    public let status: MessageStatus
    public let sentAt: Date?
    public let deliveredAt: Date?
    public let readAt: Date?
    public let failedAt: Date?
    public let repliedAt: Date?
    public let optedOutAt: Date?
    public let errorCode: Int?
    public let errorTitle: String?
    public let pricing: String?
}

extension TenantConnection {
    /// Returns one page of a campaign's recipients (of every run, or of `runID`), in message-id order after `after`,
    /// optionally only those at one of `statuses`. Changes nothing. Plan: `outbound_messages_campaign_recipients` (tenant, campaign,
    /// id) walked from the cursor, so a page costs its own rows whatever the page number.
    public func campaignRecipients(
        campaign: UUID, run runID: UUID? = nil, statuses: [MessageStatus] = [], after: UUID?, limit: Int
    ) async throws -> [CampaignRecipient] {
        var builder = SQLBuilder()
        builder.append(
            """
            SELECT m.id, m.to_phone, c.name, coalesce(r.occurrence, 0), m.variant, m.status, m.sent_at, m.delivered_at, m.read_at,
                   m.failed_at, m.replied_at, m.opted_out_at, m.error_code, m.error_title, m.pricing_category
            FROM outbound_messages m
            LEFT JOIN contacts c ON c.tenant_id = m.tenant_id AND c.id = m.contact_id
            LEFT JOIN campaign_runs r ON r.tenant_id = m.tenant_id AND r.id = m.run_id
            WHERE m.tenant_id =
            """)
        builder.bind(tenant.rawValue)
        builder.append(" AND m.campaign_id = ")
        builder.bind(campaign)
        if let runID {
            builder.append(" AND m.run_id = ")
            builder.bind(runID)
        }
        if !statuses.isEmpty {
            builder.append(" AND m.status = ANY(")
            builder.bind(statuses.map(\.rawValue))
            builder.append("::text[])")
        }
        if let after {
            builder.append(" AND m.id > ")
            builder.bind(after)
        }
        builder.append(" ORDER BY m.id LIMIT ")
        builder.bind(limit)
        var recipients: [CampaignRecipient] = []
        for try await row in try await run(builder.query) {
            let cells = row.makeRandomAccess()
            recipients.append(
                CampaignRecipient(
                    messageID: try cells[0].decode(UUID.self), phone: try cells[1].decode(String.self), contactName: try cells[2].decode(String?.self),
                    occurrence: try cells[3].decode(Int.self), variant: try cells[4].decode(Int.self),
                    status: MessageStatus(rawValue: try cells[5].decode(String.self)) ?? .queued, sentAt: try cells[6].decode(Date?.self),
                    deliveredAt: try cells[7].decode(Date?.self), readAt: try cells[8].decode(Date?.self), failedAt: try cells[9].decode(Date?.self),
                    repliedAt: try cells[10].decode(Date?.self), optedOutAt: try cells[11].decode(Date?.self),
                    errorCode: try cells[12].decode(Int?.self), errorTitle: try cells[13].decode(String?.self),
                    pricing: try cells[14].decode(String?.self)))
        }
        return recipients
    }

    /// Calls `body` with every recipient of a campaign, a page of `pageSize` at a time (exports: memory holds two
    /// pages). The next page is read while `body` handles this one, so PostgreSQL and the writer work at the same time
    /// instead of in turns; `body` must not use this connection.
    public func forEachRecipientPage(campaign: UUID, pageSize: Int = 2000, _ body: ([CampaignRecipient]) async throws -> Void) async throws {
        var page = try await campaignRecipients(campaign: campaign, after: nil, limit: pageSize)
        while !page.isEmpty {
            let more = page.count == pageSize
            let after = page.last?.messageID
            async let following = more ? campaignRecipients(campaign: campaign, after: after, limit: pageSize) : []
            try await body(page)
            page = try await following
        }
    }
}
