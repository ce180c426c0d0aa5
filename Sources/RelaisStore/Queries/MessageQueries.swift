import Foundation
import PostgresNIO
import RelaisCore

/// A status change one webhook brings for one outbound message.
public struct StatusUpdate: Sendable {
    public let callbackID: UUID?
    public let wamid: String
    public let status: MessageStatus
    public let at: Date
    public let errorCode: Int?
    public let errorTitle: String?
    public let pricingCategory: String?

    public init(
        callbackID: UUID?, wamid: String, status: MessageStatus, at: Date, errorCode: Int?, errorTitle: String?, pricingCategory: String?
    ) {
        self.callbackID = callbackID
        self.wamid = wamid
        self.status = status
        self.at = at
        self.errorCode = errorCode
        self.errorTitle = errorTitle
        self.pricingCategory = pricingCategory
    }
}

/// An inbound message about to be recorded.
public struct InboundRecord: Sendable {
    public let numberID: UUID
    public let wamid: String
    public let fromPhone: String
    public let profileName: String?
    public let type: String
    public let text: String?
    public let payload: String?
    public let contextWamid: String?
    public let optOut: Bool
    public let sentAt: Date

    public init(
        numberID: UUID, wamid: String, fromPhone: String, profileName: String?, type: String, text: String?, payload: String?,
        contextWamid: String?, optOut: Bool, sentAt: Date
    ) {
        self.numberID = numberID
        self.wamid = wamid
        self.fromPhone = fromPhone
        self.profileName = profileName
        self.type = type
        self.text = text
        self.payload = payload
        self.contextWamid = contextWamid
        self.optOut = optOut
        self.sentAt = sentAt
    }
}

extension TenantConnection {
    /// Records a message about to be sent (status `sending`, with the callback id it will carry). Changes: one row.
    public func insertOutboundMessage(
        id: UUID, number: UUID, to: String, kind: String, templateName: String?, bodyPreview: String?, callbackID: UUID
    ) async throws {
        try await run(
            """
            INSERT INTO outbound_messages (tenant_id, id, number_id, to_phone, kind, template_name, body_preview, status, callback_id)
            VALUES (\(tenant.rawValue), \(id), \(number), \(to), \(kind), \(templateName), \(bodyPreview), 'sending', \(callbackID))
            """)
    }

    /// Records the send call's answer: `sent` with the wamid, `failed` with Meta's code, or `uncertain`.
    /// Never lowers a status a faster webhook already raised. Changes: the message row.
    public func recordSendOutcome(id: UUID, status: MessageStatus, wamid: String?, errorCode: Int?, errorTitle: String?) async throws {
        try await run(
            """
            UPDATE outbound_messages SET
                status = CASE WHEN relais_status_rank(\(status.rawValue)) > relais_status_rank(status) THEN \(status.rawValue) ELSE status END,
                wamid = COALESCE(wamid, \(wamid)), error_code = COALESCE(error_code, \(errorCode)),
                error_title = COALESCE(error_title, \(errorTitle)),
                sent_at = CASE WHEN \(status.rawValue) = 'sent' THEN COALESCE(sent_at, now()) ELSE sent_at END,
                failed_at = CASE WHEN \(status.rawValue) = 'failed' THEN COALESCE(failed_at, now()) ELSE failed_at END,
                updated_at = now()
            WHERE tenant_id = \(tenant.rawValue) AND id = \(id)
            """)
    }

    /// Returns one outbound message's status and wamid (for the test-send result and tests).
    public func outboundStatus(_ id: UUID) async throws -> (status: MessageStatus, wamid: String?, errorCode: Int?)? {
        let rows = try await run("SELECT status, wamid, error_code FROM outbound_messages WHERE tenant_id = \(tenant.rawValue) AND id = \(id)")
        for try await (status, wamid, code) in rows.decode((String, String?, Int?).self) {
            return MessageStatus(rawValue: status).map { ($0, wamid, code) }
        }
        return nil
    }

    /// Records an inbound message once (a redelivered webhook changes nothing); returns false for a duplicate.
    public func insertInboundMessage(_ message: InboundRecord) async throws -> Bool {
        let rows = try await run(
            """
            INSERT INTO inbound_messages (tenant_id, id, number_id, wamid, from_phone, profile_name, type, text, payload,
                context_wamid, opt_out, sent_at)
            VALUES (\(tenant.rawValue), \(UUID()), \(message.numberID), \(message.wamid), \(message.fromPhone), \(message.profileName),
                \(message.type), \(message.text), \(message.payload), \(message.contextWamid), \(message.optOut), \(message.sentAt))
            ON CONFLICT (tenant_id, wamid) DO NOTHING RETURNING 1
            """)
        for try await _ in rows { return true }
        return false
    }

    /// This company's opt-out keywords.
    public func optOutKeywords() async throws -> [String] {
        let rows = try await run("SELECT opt_out_keywords FROM companies WHERE tenant_id = \(tenant.rawValue)")
        for try await keywords in rows.decode([String].self) { return keywords }
        return []
    }
}

/// One line of a contact's WhatsApp history: a message they sent, or one sent to them with its status.
public struct ConversationLine: Sendable {
    public let at: Date
    public let inbound: Bool
    public let text: String
    /// For outbound messages, where they stand; for inbound, nil.
    public let status: MessageStatus?
    public let optOut: Bool
}

extension TenantConnection {
    /// Returns the latest `limit` messages to and from one E.164 number, newest first. Reads the
    /// `(tenant_id, from_phone, sent_at)` index for inbound; outbound is scanned by recipient within the tenant.
    public func conversation(phone: String, limit: Int) async throws -> [ConversationLine] {
        let rows = try await run(
            """
            (SELECT sent_at AS at, true AS inbound, COALESCE(text, payload, type) AS body, NULL::text AS status, opt_out
             FROM inbound_messages WHERE tenant_id = \(tenant.rawValue) AND from_phone = \(phone)
             ORDER BY sent_at DESC LIMIT \(limit))
            UNION ALL
            (SELECT created_at, false, COALESCE(body_preview, template_name, kind), status, false
             FROM outbound_messages WHERE tenant_id = \(tenant.rawValue) AND to_phone = \(phone)
             ORDER BY created_at DESC LIMIT \(limit))
            ORDER BY at DESC LIMIT \(limit)
            """)
        var lines: [ConversationLine] = []
        for try await (at, inbound, body, status, optOut) in rows.decode((Date, Bool, String, String?, Bool).self) {
            lines.append(ConversationLine(at: at, inbound: inbound, text: body, status: status.flatMap(MessageStatus.init(rawValue:)), optOut: optOut))
        }
        return lines
    }
}
