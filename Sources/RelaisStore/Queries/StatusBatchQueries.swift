import Foundation
import PostgresNIO
import RelaisCore

/// A batch of status webhooks folded per message: the highest status, and the first time each stage was reached.
struct FoldedStatus {
    var wamid: String
    var status: MessageStatus
    var sentAt: Date?
    var deliveredAt: Date?
    var readAt: Date?
    var failedAt: Date?
    var errorCode: Int?
    var errorTitle: String?
    var pricingCategory: String?

    init(_ update: StatusUpdate) {
        wamid = update.wamid
        status = update.status
        errorCode = update.errorCode
        errorTitle = update.errorTitle
        pricingCategory = update.pricingCategory
        stamp(update)
    }

    /// Adds one more status of the same message.
    mutating func fold(_ update: StatusUpdate) {
        status = status.applying(update.status)
        errorCode = errorCode ?? update.errorCode
        errorTitle = errorTitle ?? update.errorTitle
        pricingCategory = pricingCategory ?? update.pricingCategory
        stamp(update)
    }

    private mutating func stamp(_ update: StatusUpdate) {
        func earliest(_ current: Date?) -> Date { min(current ?? update.at, update.at) }
        switch update.status {
        case .sent: sentAt = earliest(sentAt)
        case .delivered:
            sentAt = earliest(sentAt)
            deliveredAt = earliest(deliveredAt)
        case .read:
            sentAt = earliest(sentAt)
            deliveredAt = earliest(deliveredAt)
            readAt = earliest(readAt)
        case .failed: failedAt = earliest(failedAt)
        default: break
        }
    }
}

extension TenantConnection {
    /// Applies a batch of status webhooks in three statements, whatever its size: the messages are locked in id
    /// order first (so this never deadlocks with the send loop's outcomes, which lock in the same order), then
    /// updated by callback id, then — for statuses without one — by wamid. Statuses only move up in rank, each
    /// timestamp is set once, the first error is kept: a webhook applied twice or late changes nothing.
    /// Returns how many messages matched.
    @discardableResult
    public func applyStatuses(_ updates: [StatusUpdate]) async throws -> Int {
        var byCallback: [UUID: FoldedStatus] = [:]
        var byWamid: [String: FoldedStatus] = [:]
        for update in updates {
            if let callback = update.callbackID {
                byCallback[callback, default: FoldedStatus(update)].fold(update)
            } else {
                byWamid[update.wamid, default: FoldedStatus(update)].fold(update)
            }
        }
        if byCallback.isEmpty && byWamid.isEmpty { return 0 }
        try await lockMessages(callbacks: Array(byCallback.keys), wamids: Array(byWamid.keys))
        var matched = 0
        if !byCallback.isEmpty { matched += try await updateStatuses(byCallback.map { ($0.key, $0.value) }, byCallback: true) }
        if !byWamid.isEmpty { matched += try await updateStatuses(byWamid.map { (UUID(), $0.value) }, byCallback: false) }
        let read = byCallback.filter { $0.value.readAt != nil }
        if !read.isEmpty {
            // Reading a campaign message counts as engagement ("engaged within N days" segments).
            try await run(
                """
                UPDATE contacts c SET last_read_at = greatest(coalesce(c.last_read_at, m.read_at), m.read_at)
                FROM outbound_messages m
                WHERE m.tenant_id = \(tenant.rawValue) AND m.callback_id = ANY(\(Array(read.keys))::uuid[]) AND m.read_at IS NOT NULL
                  AND c.tenant_id = m.tenant_id AND c.id = m.contact_id
                """)
        }
        return matched
    }

    /// Locks the messages a batch names, in id order. Only the lists that hold values become conditions: PostgreSQL
    /// proves `wamid = ANY('{}')` false and may then serve that arm from any index of the company, the one it thinks
    /// cheapest — during a send that was the claim index and its queued messages, 8 ms a batch of 230 statuses
    /// instead of 1.
    private func lockMessages(callbacks: [UUID], wamids: [String]) async throws {
        var lock = SQLBuilder()
        lock.append("SELECT 1 FROM outbound_messages WHERE tenant_id = ")
        lock.bind(tenant.rawValue)
        switch (callbacks.isEmpty, wamids.isEmpty) {
        case (false, true):
            lock.append(" AND callback_id = ANY(")
            lock.bind(callbacks)
            lock.append(")")
        case (true, false):
            lock.append(" AND wamid = ANY(")
            lock.bind(wamids)
            lock.append(")")
        default:
            lock.append(" AND (callback_id = ANY(")
            lock.bind(callbacks)
            lock.append(") OR wamid = ANY(")
            lock.bind(wamids)
            lock.append("))")
        }
        lock.append(" ORDER BY id FOR UPDATE")
        try await run(lock.query)
    }

    private func updateStatuses(_ folded: [(UUID, FoldedStatus)], byCallback: Bool) async throws -> Int {
        func seconds(_ date: Date?) -> Double { date?.timeIntervalSince1970 ?? 0 }
        let values = folded.map(\.1)
        let rows = try await run(
            """
            UPDATE outbound_messages m SET
                status = CASE WHEN relais_status_rank(u.status) > relais_status_rank(m.status) THEN u.status ELSE m.status END,
                wamid = coalesce(m.wamid, nullif(u.wamid, '')),
                sent_at = CASE WHEN u.sent_at > 0 THEN coalesce(m.sent_at, to_timestamp(u.sent_at)) ELSE m.sent_at END,
                delivered_at = CASE WHEN u.delivered_at > 0 THEN coalesce(m.delivered_at, to_timestamp(u.delivered_at)) ELSE m.delivered_at END,
                read_at = CASE WHEN u.read_at > 0 THEN coalesce(m.read_at, to_timestamp(u.read_at)) ELSE m.read_at END,
                failed_at = CASE WHEN u.failed_at > 0 THEN coalesce(m.failed_at, to_timestamp(u.failed_at)) ELSE m.failed_at END,
                error_code = coalesce(m.error_code, nullif(u.code, 0)),
                error_title = coalesce(m.error_title, nullif(u.title, '')),
                pricing_category = coalesce(m.pricing_category, nullif(u.pricing, '')),
                updated_at = now()
            FROM unnest(\(folded.map(\.0))::uuid[], \(values.map(\.wamid))::text[], \(values.map(\.status.rawValue))::text[],
                        \(values.map { seconds($0.sentAt) })::float8[], \(values.map { seconds($0.deliveredAt) })::float8[],
                        \(values.map { seconds($0.readAt) })::float8[], \(values.map { seconds($0.failedAt) })::float8[],
                        \(values.map { $0.errorCode ?? 0 })::int[], \(values.map { $0.errorTitle ?? "" })::text[],
                        \(values.map { $0.pricingCategory ?? "" })::text[])
                AS u(callback, wamid, status, sent_at, delivered_at, read_at, failed_at, code, title, pricing)
            WHERE m.tenant_id = \(tenant.rawValue) AND \(unescaped: byCallback ? "m.callback_id = u.callback" : "m.wamid = u.wamid")
            RETURNING 1
            """)
        return try await rows.collect().count
    }
}
