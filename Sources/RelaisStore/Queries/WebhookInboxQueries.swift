import Foundation
import PostgresNIO
import RelaisCore

/// A stored webhook body, claimed for processing.
public struct WebhookEvent: Sendable {
    public let id: Int64
    public let body: String
    public let attempts: Int
}

/// How processing one stored webhook ended.
public enum WebhookOutcome: String, Sendable {
    case processed
    /// No connected number matches; kept for an operator (and counted in /metrics).
    case unroutable
    /// Could not be applied after several attempts; kept with its error.
    case failed
}

extension TenantlessConnection {
    /// Stores raw webhook bodies durably (before answering 200), in one statement and one commit, in the order given.
    public func storeWebhooks(bodies: [String]) async throws {
        try await run("SELECT relais_webhook_store_all(\(bodies)::text[])")
    }

    /// Claims up to `limit` pending webhooks for `leaseSeconds`; another node skips them meanwhile.
    public func claimWebhooks(limit: Int, leaseSeconds: Int) async throws -> [WebhookEvent] {
        let rows = try await run("SELECT id, body, attempts FROM relais_webhook_claim(\(limit)::integer, \(leaseSeconds)::integer)")
        var events: [WebhookEvent] = []
        for try await (id, body, attempts) in rows.decode((Int64, String, Int).self) {
            events.append(WebhookEvent(id: id, body: body, attempts: attempts))
        }
        return events
    }

    /// Records how processing a webhook ended.
    public func finishWebhook(_ id: Int64, _ outcome: WebhookOutcome, error: String?) async throws {
        try await run("SELECT relais_webhook_finish(\(id), \(outcome.rawValue), \(error))")
    }

    /// The company and number that own a Meta phone_number_id, if any.
    public func route(phoneNumberID: String) async throws -> (tenant: TenantID, number: UUID)? {
        let rows = try await run("SELECT tenant_id, number_id FROM relais_route_phone_number(\(phoneNumberID))")
        for try await (tenant, number) in rows.decode((UUID, UUID).self) { return (TenantID(tenant), number) }
        return nil
    }

    /// The companies with numbers in a WABA (template webhooks name only the WABA).
    public func tenants(ofWABA wabaID: String) async throws -> [TenantID] {
        let rows = try await run("SELECT tenant_id FROM relais_route_waba(\(wabaID))")
        var tenants: [TenantID] = []
        for try await id in rows.decode(UUID.self) { tenants.append(TenantID(id)) }
        return tenants
    }

    /// The number of stored webhooks in each state, for /metrics.
    public func webhookCounts() async throws -> [String: Int] {
        let rows = try await run("SELECT state, count FROM relais_webhook_counts()")
        var counts: [String: Int] = [:]
        for try await (state, count) in rows.decode((String, Int64).self) { counts[state] = Int(count) }
        return counts
    }

    /// How long ago the oldest webhook still waiting to be applied was received, in seconds; 0 when none waits
    /// (`relais_webhook_backlog_seconds`, migration 0019).
    public func webhookBacklogSeconds() async throws -> Double {
        let rows = try await run("SELECT relais_webhook_backlog_seconds()")
        for try await seconds in rows.decode(Double.self) { return seconds }
        return 0
    }
}

extension TenantConnection {
    /// Marks a webhook done inside the transaction that applied it, through the same inbox function.
    public func finishWebhook(_ id: Int64, _ outcome: WebhookOutcome) async throws {
        try await run("SELECT relais_webhook_finish(\(id), \(outcome.rawValue), NULL)")
    }
}

extension TenantConnection {
    /// Marks many webhooks processed at once, inside the transaction that applied them.
    public func finishWebhooks(_ ids: [Int64]) async throws {
        try await run("SELECT relais_webhook_finish(id, 'processed', NULL) FROM unnest(\(ids)::bigint[]) AS id")
    }
}
