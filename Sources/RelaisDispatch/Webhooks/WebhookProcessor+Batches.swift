import Foundation
import RelaisCore
import RelaisStore
import WhatsAppCloud

/// Applying a claimed batch company by company: one transaction per company, its statuses folded and applied in a
/// few statements, one statement to mark them all processed — instead of a transaction (five round trips) per event.
extension WebhookProcessor {
    /// A decoded event whose single change concerns one known number.
    struct RoutedEvent: Sendable {
        let event: WebhookEvent
        let value: MessagesValue
        let number: UUID
    }

    /// Splits claimed events into per-company groups of routed single-change events, and the rest.
    func partition(_ events: [WebhookEvent]) async -> (groups: [TenantID: [RoutedEvent]], others: [WebhookEvent]) {
        var groups: [TenantID: [RoutedEvent]] = [:]
        var others: [WebhookEvent] = []
        for event in events {
            guard let envelope = try? JSONDecoder().decode(WebhookEnvelope.self, from: Data(event.body.utf8)),
                envelope.entry.count == 1, envelope.entry[0].changes.count == 1,
                case .messages(let value) = envelope.entry[0].changes[0].value, let phoneNumberID = value.metadata?.phoneNumberID,
                let route = try? await route(phoneNumberID)
            else {
                others.append(event)
                continue
            }
            groups[route.tenant, default: []].append(RoutedEvent(event: event, value: value, number: route.number))
        }
        return (groups, others)
    }

    /// Applies one company's events in one transaction and marks them processed in the same one.
    /// If that fails (one bad event), each event is retried on its own so the others are not held back.
    func applyGroup(_ tenant: TenantID, _ group: [RoutedEvent]) async {
        if Task.isCancelled { return }
        do {
            try await database.withTenant(tenant, logger: logger) { connection in
                // Every status of the company's events in one batch (folded per message), then the inbound messages.
                try await connection.applyStatuses(group.flatMap { $0.value.statuses.compactMap(Self.update) })
                for routed in group { try await apply(routed.value, number: routed.number, on: connection, statuses: false) }
                try await connection.finishWebhooks(group.map(\.event.id))
            }
        } catch {
            for routed in group { await process(routed.event) }
        }
    }
}
