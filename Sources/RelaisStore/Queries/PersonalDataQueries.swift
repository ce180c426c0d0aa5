import Foundation
import PostgresNIO
import RelaisCore

/// One message sent to a contact, as the personal-data export shows it: what, when, and every status it reached.
public struct ContactMessageRecord: Sendable {
    public let id: UUID
    public let campaignID: UUID?
    public let campaignName: String?
    public let templateName: String?
    public let kind: String
    public let status: String
    public let errorCode: Int?
    public let errorTitle: String?
    public let createdAt: Date
    public let sentAt: Date?
    public let deliveredAt: Date?
    public let readAt: Date?
    public let failedAt: Date?
    public let repliedAt: Date?
    public let optedOutAt: Date?
    /// When a quick-reply button of the message was tapped.
    public let clickedAt: Date?
}

/// One message a contact wrote to one of the company's numbers.
public struct ContactInboundRecord: Sendable {
    public let id: UUID
    public let type: String
    public let text: String?
    public let payload: String?
    public let optOut: Bool
    public let sentAt: Date
    public let receivedAt: Date
}

extension TenantConnection {
    /// Every consent change of a contact, oldest first, without the list's limit (the export owes all of it).
    public func fullConsentHistory(of contact: UUID) async throws -> [ConsentEvent] {
        let rows = try await run(
            "SELECT status, source, evidence, at FROM consent_events WHERE tenant_id = \(tenant.rawValue) AND contact_id = \(contact) ORDER BY id")
        var events: [ConsentEvent] = []
        for try await (status, source, evidence, at) in rows.decode((String, String?, String?, Date).self) {
            events.append(ConsentEvent(status: ConsentStatus(rawValue: status) ?? .unknown, source: source, evidence: evidence, at: at))
        }
        return events
    }

    /// Every message sent to this contact or its number (campaigns and test sends), oldest first, with the campaign's
    /// name. Reads the `(tenant_id, to_phone, created_at)` index plus the contact's run rows.
    public func messages(toContact contact: UUID, phone: String) async throws -> [ContactMessageRecord] {
        let rows = try await run(
            """
            SELECT m.id, m.campaign_id, c.name, m.template_name, m.kind, m.status, m.error_code, m.error_title, m.created_at,
                   m.sent_at, m.delivered_at, m.read_at, m.failed_at, m.replied_at, m.opted_out_at, m.clicked_at
            FROM outbound_messages m
            LEFT JOIN campaigns c ON c.tenant_id = m.tenant_id AND c.id = m.campaign_id
            WHERE m.tenant_id = \(tenant.rawValue) AND (m.to_phone = \(phone) OR m.contact_id = \(contact))
            ORDER BY m.created_at, m.id
            """)
        var messages: [ContactMessageRecord] = []
        for try await row in rows {
            let c = try row.decode(
                (UUID, UUID?, String?, String?, String, String, Int?, String?, Date, Date?, Date?, Date?, Date?, Date?, Date?, Date?).self)
            messages.append(
                ContactMessageRecord(
                    id: c.0, campaignID: c.1, campaignName: c.2, templateName: c.3, kind: c.4, status: c.5, errorCode: c.6, errorTitle: c.7,
                    createdAt: c.8, sentAt: c.9, deliveredAt: c.10, readAt: c.11, failedAt: c.12, repliedAt: c.13, optedOutAt: c.14, clickedAt: c.15))
        }
        return messages
    }

    /// Every message this number wrote to the company, oldest first (the `(tenant_id, from_phone, sent_at)` index).
    public func inboundMessages(fromPhone phone: String) async throws -> [ContactInboundRecord] {
        let rows = try await run(
            """
            SELECT id, type, text, payload, opt_out, sent_at, received_at FROM inbound_messages
            WHERE tenant_id = \(tenant.rawValue) AND from_phone = \(phone) ORDER BY sent_at, id
            """)
        var messages: [ContactInboundRecord] = []
        for try await (id, type, text, payload, optOut, sentAt, receivedAt) in rows.decode(
            (UUID, String, String?, String?, Bool, Date, Date).self)
        {
            messages.append(ContactInboundRecord(id: id, type: type, text: text, payload: payload, optOut: optOut, sentAt: sentAt, receivedAt: receivedAt))
        }
        return messages
    }

    /// Erases a contact (GDPR art. 17): its messages lose the number, preview and link to the contact (their status,
    /// times, campaign and therefore every counter stay as they were; messages still queued are skipped so nothing is
    /// sent to an erased person), its inbound messages lose number, name and text, then the contact row goes with its
    /// tags and consent history. The suppression list is not touched: an opted-out number stays suppressed.
    /// Returns false (and changes nothing) when the contact does not exist. Changes: rows in `outbound_messages`,
    /// `inbound_messages`, `contacts` (cascading to `contact_tags`, `consent_events`).
    public func eraseContact(_ id: UUID) async throws -> Bool {
        var phone: String?
        let found = try await run("SELECT phone FROM contacts WHERE tenant_id = \(tenant.rawValue) AND id = \(id) FOR UPDATE")
        for try await value in found.decode(String.self) { phone = value }
        guard let phone else { return false }
        try await run(
            """
            UPDATE outbound_messages SET to_phone = '', body_preview = NULL, contact_id = NULL, error_title = NULL,
                   status = CASE WHEN status = 'queued' THEN 'skipped' ELSE status END, anonymised_at = now(), updated_at = now()
            WHERE tenant_id = \(tenant.rawValue) AND (to_phone = \(phone) OR contact_id = \(id))
            """)
        try await run(
            """
            UPDATE inbound_messages SET from_phone = '', profile_name = NULL, text = NULL, payload = NULL, anonymised_at = now()
            WHERE tenant_id = \(tenant.rawValue) AND from_phone = \(phone)
            """)
        try await run("DELETE FROM contacts WHERE tenant_id = \(tenant.rawValue) AND id = \(id)")
        return true
    }

    /// Sets the company's message retention. Changes: the `companies` row.
    public func setMessageRetentionMonths(_ months: Int) async throws {
        try await run("UPDATE companies SET message_retention_months = \(months), updated_at = now() WHERE tenant_id = \(tenant.rawValue)")
    }
}

extension TenantlessConnection {
    /// Anonymises at most `batch` messages (of any tenant) older than their company's retention; returns how many
    /// it changed. The retention job calls it until it answers 0. Changes: `outbound_messages`, `inbound_messages`.
    public func anonymiseExpiredMessages(batch: Int) async throws -> Int {
        let rows = try await run("SELECT relais_anonymise_expired_messages(CAST(\(batch) AS integer))")
        for try await count in rows.decode(Int.self) { return count }
        return 0
    }
}
