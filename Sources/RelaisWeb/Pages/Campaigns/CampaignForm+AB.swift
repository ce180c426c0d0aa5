import Foundation
import RelaisCore
import RelaisStore

/// The composer's A/B test: its on/off box, its variants (each a template and its parameter expressions) and its
/// settings, posted under the API's own paths (`variants.1.variables.body.0`, `ab.test_share`) so a refused value
/// is shown beside its input. Shares and confidence are typed as percentages, the unit people think in.
struct ABForm {
    /// One variant's content, as posted.
    struct Variant {
        var template = ""
        var header: [String] = []
        var body: [String] = []
        var buttons: [String] = []
    }

    var enabled = false
    /// The variant whose tab was open (kept across a redraw of the form).
    var active = 0
    var variants: [Variant] = []
    var testShare = "20"
    var metric = ABMetric.readRate.rawValue
    var decisionHours = "4"
    var confidence = "95"
    var fallback = ABFallback.highestRate.rawValue

    init() {}

    init(fields: [String: String]) {
        enabled = fields["ab.enabled"] == "true"
        active = Int(fields["ab.active"] ?? "") ?? 0
        var variants: [Variant] = []
        // Posted variants are numbered from 0 without gaps; a gap ends the list (a removed variant's leftovers).
        for index in 0..<ABSettings.variantRange.upperBound {
            let prefix = "variants.\(index)."
            guard let template = fields[prefix + "template"] else { break }
            variants.append(
                Variant(
                    template: template, header: CampaignForm.list(prefix + "variables.header.", fields, keepBlanks: true),
                    body: CampaignForm.list(prefix + "variables.body.", fields, keepBlanks: true),
                    buttons: CampaignForm.list(prefix + "variables.buttons.", fields, keepBlanks: true)))
        }
        self.variants = variants
        testShare = fields["ab.test_share"] ?? testShare
        metric = fields["ab.metric"] ?? metric
        decisionHours = fields["ab.decision_hours"] ?? decisionHours
        confidence = fields["ab.confidence"] ?? confidence
        fallback = fields["ab.fallback"] ?? fallback
    }

    init(_ settings: ABSettings?) {
        guard let settings else { return }
        enabled = true
        variants = settings.variants.map {
            Variant(template: CampaignForm.templateValue($0.templateName, $0.language), header: $0.header, body: $0.body, buttons: $0.buttons)
        }
        testShare = Self.percent(settings.testShare)
        metric = settings.metric.rawValue
        decisionHours = Self.number(settings.decisionHours)
        confidence = Self.percent(settings.confidence)
        fallback = settings.fallback.rawValue
    }

    /// The variants to draw: at least two, the first ones starting from the single message so turning the test on
    /// begins with what was already written.
    func shown(main: Variant) -> [Variant] {
        var shown = variants
        while shown.count < ABSettings.variantRange.lowerBound { shown.append(shown.first ?? main) }
        return shown
    }

    /// `intent=add_variant` and `intent=remove_variant.N`: the no-script way (and the script's too) to change the count.
    mutating func apply(intent: String, main: Variant) {
        enabled = true
        variants = shown(main: main)
        if intent == "add_variant", variants.count < ABSettings.variantRange.upperBound {
            variants.append(Variant(template: variants[0].template))
            active = variants.count - 1
        } else if intent.hasPrefix("remove_variant."), let index = Int(intent.dropFirst("remove_variant.".count)),
            variants.indices.contains(index), variants.count > ABSettings.variantRange.lowerBound
        {
            variants.remove(at: index)
            active = min(index, variants.count - 1)
        }
    }

    /// The API's `variants` and `ab`, or an empty variant list (which removes a test) when the box is unticked.
    var request: (variants: [CampaignBody.Variant], ab: CampaignBody.AB?) {
        guard enabled else { return ([], nil) }
        let variants = variants.map { variant in
            CampaignBody.Variant(
                template: CampaignForm.templateRef(variant.template) ?? CampaignBody.TemplateRef(name: "", language: ""),
                variables: CampaignBody.Variables(header: variant.header, body: variant.body, buttons: variant.buttons))
        }
        // An unreadable number becomes NaN, which the bounds checks refuse next to the field.
        let ab = CampaignBody.AB(
            testShare: (Double(testShare.replacingOccurrences(of: ",", with: ".")) ?? .nan) / 100, metric: metric,
            decisionHours: Double(decisionHours.replacingOccurrences(of: ",", with: ".")) ?? .nan,
            confidence: (Double(confidence) ?? .nan) / 100, fallback: fallback)
        return (variants, ab)
    }

    static func percent(_ fraction: Double) -> String { number(fraction * 100) }

    static func number(_ value: Double) -> String {
        let rounded = (value * 100).rounded() / 100
        return rounded == rounded.rounded() ? String(Int(rounded)) : String(rounded)
    }
}
