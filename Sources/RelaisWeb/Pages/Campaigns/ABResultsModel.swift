import Foundation
import RelaisCore
import RelaisStore

/// The campaign page's A/B card: each variant (template and a short preview), the latest run's stage and figures
/// on the winning metric, and once decided the winner with the statistics and a sentence saying why it won.
struct ABResultsModel {
    struct Row {
        let letter: String
        let template: String
        let preview: String
        let sent: String
        let successes: String
        let rate: String
        let isWinner: Bool
    }

    /// `campaign_runs.ab_decision` as the scheduler writes it (`ABDecider.Record`).
    struct Decision: Decodable {
        struct Figures: Decodable {
            let variant: Int
            let trials: Int
            let successes: Int
        }

        let winner: Int
        let reason: String
        let zScore: Double
        let pValue: Double
        let confidence: Double
        let metric: String
        let variants: [Figures]

        enum CodingKeys: String, CodingKey {
            case winner, reason, confidence, metric, variants
            case zScore = "z_score"
            case pValue = "p_value"
        }
    }

    /// Everything the card is drawn from; `figures` are the live counts of a run still testing.
    struct Input {
        let settings: ABSettings
        let run: CampaignRun?
        let templates: [StoredTemplate]
        let figures: [Int: VariantFigures]
    }

    let settingsLine: String
    let stage: String
    let stageCSS: String
    let metric: String
    let rows: [Row]
    let decided: Bool
    let why: String?
    let confidence: String?
    let zScore: String?

    init(_ input: Input, dates: DateFormats, localizer: Localizer, language: Language) {
        let ab = input.settings
        let format = Self.formatter(language)
        let percent = { (fraction: Double) in (format.string(from: NSNumber(value: fraction * 100)) ?? "") + " %" }
        let integer = NumberFormats(language: language)
        let decision = input.run?.abDecision.flatMap { try? JSONDecoder().decode(Decision.self, from: Data($0.utf8)) }
        let metricKey = ABMetric(rawValue: decision?.metric ?? "").map(\.rawValue) ?? ab.metric.rawValue
        metric = localizer.text("campaigns.ab.metric.\(metricKey)", language)
        settingsLine = localizer.text(
            "campaigns.ab.settings_line", language,
            [
                "share": percent(ab.testShare), "metric": localizer.text("campaigns.ab.metric_lower.\(ab.metric.rawValue)", language),
                "hours": format.string(from: NSNumber(value: ab.decisionHours)) ?? "", "confidence": percent(ab.confidence),
            ])
        switch (input.run?.abStage, input.run?.abDecideAt) {
        case ("decided", _):
            (stage, stageCSS) = (localizer.text("campaigns.ab.stage_decided", language), "badge-state-completed")
        case ("testing", let deadline?):
            let until = "\(dates.dateTime(deadline)) (\(dates.formatter.timeZone.identifier))"
            (stage, stageCSS) = (localizer.text("campaigns.ab.stage_testing", language, ["date": until]), "badge-state-running")
        default:
            (stage, stageCSS) = (localizer.text("campaigns.ab.stage_waiting", language), "badge-state-draft")
        }
        rows = ab.variants.enumerated().map { index, content in
            let number = index + 1
            // The stored decision's figures are the ones the winner was chosen on; a run still testing shows live counts.
            let measured =
                decision?.variants.first { $0.variant == number }.map { ($0.trials, $0.successes) }
                ?? input.figures[number].map { $0.result(for: ab.metric) }.map { ($0.trials, $0.successes) }
            let shape = input.templates.first { $0.name == content.templateName && $0.language == content.language }
                .flatMap { TemplateShape(componentsJSON: $0.componentsJSON) }
            let text = shape.map { TemplateText.fill($0.body, with: content.body) } ?? ""
            return Row(
                letter: ABResultsModel.letter(index), template: "\(content.templateName) (\(content.language))",
                preview: text.count > 140 ? String(text.prefix(139)) + "…" : text, sent: measured.map { integer.integer($0.0) } ?? "—",
                successes: measured.map { integer.integer($0.1) } ?? "—",
                rate: measured.flatMap { $0.0 > 0 ? percent(Double($0.1) / Double($0.0)) : nil } ?? "—", isWinner: decision?.winner == number)
        }
        decided = decision != nil
        let confidenceText = decision.map { percent(1 - $0.pValue) }
        let zText = decision.map { Self.zFormatter(language).string(from: NSNumber(value: $0.zScore)) ?? "" }
        confidence = confidenceText
        zScore = zText
        why = decision.map { decision in
            let values = [
                "winner": ABResultsModel.letter(decision.winner - 1), "z": zText ?? "",
                "metric": localizer.text("campaigns.ab.metric_lower.\(metricKey)", language),
                "fallback": localizer.text("campaigns.ab.fallback_short.\(ab.fallback.rawValue)", language),
            ]
            return switch decision.reason {
            case "significant": localizer.text("campaigns.ab.why_significant", language, values.merging(["confidence": confidenceText ?? ""]) { $1 })
            case "no_data": localizer.text("campaigns.ab.why_no_data", language, values)
            default: localizer.text("campaigns.ab.why_fallback", language, values.merging(["confidence": percent(decision.confidence)]) { $1 })
            }
        }
    }

    static func letter(_ index: Int) -> String { ComposerABModel.letter(max(index, 0)) }

    private static func formatter(_ language: Language) -> NumberFormatter {
        let formatter = NumberFormatter()
        formatter.locale = Locale(identifier: language == .fr ? "fr_FR" : "en_US")
        formatter.numberStyle = .decimal
        formatter.maximumFractionDigits = 1
        return formatter
    }

    private static func zFormatter(_ language: Language) -> NumberFormatter {
        let formatter = formatter(language)
        formatter.minimumFractionDigits = 2
        formatter.maximumFractionDigits = 2
        return formatter
    }
}
