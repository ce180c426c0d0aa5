import Foundation
import RelaisCore

/// The A/B comparison of a campaign report: each variant's read rate among delivered messages, and whether the leader
/// is ahead by more than chance (`ABTest`'s pooled two-proportion z-test at 95 %); below that it says "not
/// significant yet" rather than crowning a winner the figures do not support.
struct CampaignVariantsModel {
    struct Line {
        let letter: String
        let sent: String
        let delivered: String
        let read: String
        let readRate: String
        let leader: Bool
    }

    let lines: [Line]
    let verdict: String
    let significant: Bool

    /// Nil for a campaign without an A/B test (fewer than two variants measured).
    init?(_ report: CampaignReport, localizer: Localizer, formats: AnalyticsFormats) {
        let variants = report.variants
        guard variants.count >= 2, let decision = report.variantDecision else { return nil }
        let language = formats.language
        func letter(_ variant: Int) -> String { String(UnicodeScalar(UInt8(64 + min(max(variant, 1), 26)))) }
        let leader = decision.reason == .noData ? nil : variants[decision.winner].variant
        lines = variants.map {
            Line(
                letter: letter($0.variant), sent: formats.integer($0.totals.sent), delivered: formats.integer($0.totals.delivered),
                read: formats.integer($0.totals.read), readRate: formats.percent($0.totals.readRate), leader: $0.variant == leader)
        }
        significant = decision.reason == .significant
        let values = [
            "variant": leader.map(letter) ?? "", "confidence": formats.percent(decision.confidence),
            "p": decision.pValue.formatted(.number.precision(.significantDigits(1...2)).locale(formats.locale)),
        ]
        verdict = localizer.text("report.ab.\(decision.reason.rawValue)", language, values)
    }
}
