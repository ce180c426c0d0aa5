import Foundation
import Logging
import RelaisCore
import RelaisStore

/// Ends an A/B test: measures each variant on the test share, picks the winner (significant, or by the
/// configured fallback) and queues the rest of the audience — as it is now — with the winning variant.
struct ABDecider {
    let database: Database
    let logger: Logger

    /// The decision as stored on the run and shown on the campaign page.
    struct Record: Codable {
        let winner: Int
        let reason: String
        let zScore: Double
        let pValue: Double
        let confidence: Double
        let metric: String
        let variants: [Figures]

        struct Figures: Codable {
            let variant: Int
            let trials: Int
            let successes: Int
        }

        enum CodingKeys: String, CodingKey {
            case winner, reason, confidence, metric, variants
            case zScore = "z_score"
            case pValue = "p_value"
        }
    }

    func decide(run runID: UUID, tenant: TenantID) async throws {
        try await database.withTenant(tenant, logger: logger) { connection in
            guard let run = try await connection.campaignRun(runID, lock: true), run.abStage == "testing",
                let campaign = try await connection.campaign(run.campaignID, lock: true), let ab = campaign.ab
            else { return }
            let figures = try await connection.variantFigures(run: runID)
            let results = (1...ab.variants.count).map { variant in figures[variant]?.result(for: ab.metric) ?? ABVariantResult(trials: 0, successes: 0) }
            let decision = ABTest.decide(results, confidence: ab.confidence, fallback: ab.fallback)
            let winner = decision.winner + 1
            let record = Record(
                winner: winner, reason: decision.reason.rawValue, zScore: decision.zScore, pValue: decision.pValue, confidence: decision.confidence,
                metric: ab.metric.rawValue,
                variants: results.enumerated().map { Record.Figures(variant: $0.offset + 1, trials: $0.element.trials, successes: $0.element.successes) })
            let json = String(decoding: try JSONEncoder().encode(record), as: UTF8.self)
            try await connection.recordABDecision(runID, winner: winner, decision: json)
            var queued = 0
            if run.state == .running || run.state == .paused {
                let resolved = try await connection.resolveContents(of: campaign)
                let rules = try await connection.audienceRules(of: campaign, marketing: resolved[winner - 1].template.category == "MARKETING")
                queued = try await connection.materialise(
                    run: runID, campaign: campaign.id, number: campaign.numberID, rules: rules,
                    templates: resolved.map { VariantTemplate(name: $0.template.name, category: $0.template.category) },
                    stage: .everyone(variant: winner))
            }
            try await connection.appendAudit(
                AuditRecord(
                    action: .campaignWinnerChosen, actor: nil, targetType: "campaign", targetID: campaign.id.uuidString.lowercased(), ip: nil,
                    requestID: nil, details: ["winner": "\(winner)", "reason": decision.reason.rawValue, "remainder": "\(queued)"]))
            logger.info("A/B winner chosen", metadata: ["campaign.id": "\(campaign.id)", "winner": "\(winner)", "remainder": "\(queued)"])
        }
    }
}
