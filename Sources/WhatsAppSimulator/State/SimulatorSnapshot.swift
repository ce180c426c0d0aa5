import Foundation
import WhatsAppCloud

/// The part of a simulator's world that must survive a restart: its numbers (with their tokens) and
/// their templates. Sandbox mode keeps it in `.relais/`, so numbers connected in Relais keep working.
/// Limiter state, the ledger and pending webhooks are deliberately not kept.
struct SimulatorSnapshot: Codable, Equatable {
    struct Number: Codable, Equatable {
        let phoneNumberID: String
        let wabaID: String
        let accessToken: String
        let displayDigits: String
        let verifiedName: String
        let throughput: Double
        let tier: Int?
    }

    struct Template: Codable, Equatable {
        let wabaID: String
        let id: String
        let listing: MessageTemplate
        let rejectionReason: String?
    }

    var sequence: UInt64
    var numbers: [Number]
    var templates: [Template]
}

extension SimulatorState {
    func snapshot() -> SimulatorSnapshot {
        SimulatorSnapshot(
            sequence: sequence,
            numbers: numbers.values.sorted { $0.phoneNumberID < $1.phoneNumberID }.map {
                .init(
                    phoneNumberID: $0.phoneNumberID, wabaID: $0.wabaID, accessToken: $0.accessToken, displayDigits: $0.displayDigits,
                    verifiedName: $0.verifiedName, throughput: $0.behavior.throughput, tier: $0.behavior.tier)
            },
            templates: templateOrder.keys.sorted().flatMap { waba in
                (templateOrder[waba] ?? []).compactMap { key in
                    templates[waba]?[key].map { .init(wabaID: waba, id: $0.id, listing: $0.listing, rejectionReason: $0.rejectionReason) }
                }
            })
    }

    /// Recreates the numbers and templates of a snapshot (statuses as they were; nothing is re-reviewed).
    mutating func restore(_ snapshot: SimulatorSnapshot, now: ContinuousClock.Instant) {
        sequence = max(sequence, snapshot.sequence)
        for saved in snapshot.numbers {
            var behavior = configuration.defaultBehavior
            behavior.throughput = saved.throughput
            behavior.tier = saved.tier
            numbers[saved.phoneNumberID] = SimulatedNumber(
                phoneNumberID: saved.phoneNumberID, wabaID: saved.wabaID, accessToken: saved.accessToken, displayDigits: saved.displayDigits,
                verifiedName: saved.verifiedName, behavior: behavior, bucket: TokenBucket(rate: behavior.throughput, now: now))
            tokens[saved.accessToken] = saved.phoneNumberID
            templates[saved.wabaID] = templates[saved.wabaID] ?? [:]
            templateOrder[saved.wabaID] = templateOrder[saved.wabaID] ?? []
        }
        for saved in snapshot.templates {
            var template = TemplateRules.review(saved.listing, id: saved.id)
            template.status = saved.listing.status ?? "APPROVED"
            template.rejectionReason = saved.rejectionReason
            let key = Self.templateKey(name: saved.listing.name, language: saved.listing.language)
            if templates[saved.wabaID]?[key] == nil { templateOrder[saved.wabaID, default: []].append(key) }
            templates[saved.wabaID, default: [:]][key] = template
        }
    }
}
