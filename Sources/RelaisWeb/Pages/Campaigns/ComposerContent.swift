import Foundation
import RelaisCore
import RelaisStore

/// One message the composer edits: the single message, or one variant of an A/B test. Both are drawn by the same
/// partial (`campaign-content`) with the same parameter inputs, menus and preview; only the field prefix differs.
struct ComposerContent {
    /// `""` for the single message, `variants.N.` for a variant: the API path its issues come back under.
    let prefix: String
    /// The single message carries the hints the variants' inputs point at too (`aria-describedby`).
    let isMain: Bool
    let templateID: String
    let parametersID: String
    let groups: [CampaignComposerModel.NumberGroup]
    let templateError: String?
    let parameters: [ParameterRow]
    let hasParameters: Bool
    let parametersError: String?
    /// Whether any of this content's fields was refused (its tab is marked, and opened first).
    let hasError: Bool
    let shape: TemplateShape?

    init(
        _ content: ABForm.Variant, prefix: String, numberID: String, numbers: [ConnectedNumber], templates: [StoredTemplate], errors: FormErrors,
        localizer: Localizer, language: Language
    ) {
        self.prefix = prefix
        isMain = prefix.isEmpty
        let idPrefix = prefix.replacingOccurrences(of: ".", with: "-")
        templateID = idPrefix + "template"
        parametersID = idPrefix + "parameters"
        groups = numbers.map {
            CampaignComposerModel.NumberGroup(
                numberID: $0.id.uuidString.lowercased(), label: $0.displayPhoneNumber,
                templates: TemplateChoice.options(templates, number: $0.id, selected: content.template, localizer: localizer, language: language))
        }
        templateError = errors.message(prefix + "template")
        let template = templates.first {
            CampaignForm.templateValue($0.name, $0.language) == content.template && $0.numberID.uuidString.lowercased() == numberID.lowercased()
        }
        shape = template.flatMap { TemplateShape(componentsJSON: $0.componentsJSON) }
        parameters =
            shape.map { ParameterRow.rows(for: $0, content: content, prefix: prefix, errors: errors, localizer: localizer, language: language) } ?? []
        hasParameters = !parameters.isEmpty
        parametersError = ["header", "body", "buttons"].compactMap { errors.message(prefix + "variables." + $0) }.first
        hasError = templateError != nil || parametersError != nil || parameters.contains { $0.error != nil }
    }
}
