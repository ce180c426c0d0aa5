import Foundation
import RelaisCore
import RelaisStore

/// The composer's "Test variants (A/B)" section: the box that turns the test on, one tab per variant (stacked
/// fieldsets without script) and the test's settings, each with its error beside it.
struct ComposerABModel {
    /// One variant's tab and panel.
    struct Variant {
        let index: Int
        let letter: String
        let legend: String
        let tabID: String
        let panelID: String
        let active: Bool
        let removable: Bool
        let content: ComposerContent
    }

    let enabled: Bool
    let variants: [Variant]
    let active: Int
    let canAdd: Bool
    let variantsError: String?
    let testShare: String
    let testShareError: String?
    let decisionHours: String
    let decisionHoursError: String?
    let metrics: [CampaignComposerModel.Option]
    let metricError: String?
    let confidences: [CampaignComposerModel.Option]
    let confidenceError: String?
    let fallbacks: [CampaignComposerModel.Option]
    let fallbackError: String?

    init(_ form: CampaignForm, numbers: [ConnectedNumber], templates: [StoredTemplate], errors: FormErrors, localizer: Localizer, language: Language) {
        let ab = form.ab
        enabled = ab.enabled
        let contents = ab.shown(main: form.mainContent).enumerated().map { index, variant in
            ComposerContent(
                variant, prefix: "variants.\(index).", numberID: form.numberID, numbers: numbers, templates: templates, errors: errors,
                localizer: localizer, language: language)
        }
        // A refused variant is opened first, so the error is in sight; otherwise the tab the user was on.
        let active = contents.firstIndex { $0.hasError } ?? min(max(ab.active, 0), contents.count - 1)
        self.active = active
        variants = contents.enumerated().map { index, content in
            let letter = Self.letter(index)
            return Variant(
                index: index, letter: letter, legend: localizer.text("campaigns.ab.variant", language, ["letter": letter]),
                tabID: "variant-tab-\(index)", panelID: "variant-\(index)", active: index == active,
                removable: contents.count > ABSettings.variantRange.lowerBound, content: content)
        }
        canAdd = contents.count < ABSettings.variantRange.upperBound
        variantsError = errors.message("variants") ?? errors.message("ab.variants") ?? errors.message("ab")
        testShare = ab.testShare
        testShareError = errors.message("ab.test_share")
        decisionHours = ab.decisionHours
        decisionHoursError = errors.message("ab.decision_hours")
        metrics = ABMetric.allCases.map {
            CampaignComposerModel.Option(
                value: $0.rawValue, label: localizer.text("campaigns.ab.metric.\($0.rawValue)", language), selected: $0.rawValue == ab.metric)
        }
        metricError = errors.message("ab.metric")
        // A confidence set through the API outside the usual choices stays offered, so saving does not change it.
        let levels = ["80", "90", "95", "99"] + (["80", "90", "95", "99"].contains(ab.confidence) ? [] : [ab.confidence])
        confidences = levels.map { CampaignComposerModel.Option(value: $0, label: "\($0) %", selected: $0 == ab.confidence) }
        confidenceError = errors.message("ab.confidence")
        fallbacks = ABFallback.allCases.map {
            CampaignComposerModel.Option(
                value: $0.rawValue, label: localizer.text("campaigns.ab.fallback.\($0.rawValue)", language), selected: $0.rawValue == ab.fallback)
        }
        fallbackError = errors.message("ab.fallback")
    }

    /// A, B, C… for variant 0, 1, 2…
    static func letter(_ index: Int) -> String { String(UnicodeScalar(UInt8(65 + index))) }
}
