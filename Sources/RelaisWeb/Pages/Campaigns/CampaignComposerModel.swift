import Foundation
import RelaisCore
import RelaisStore

/// The campaign composer (`/campaigns/new`, `/campaigns/{id}/edit`): what is sent, from which number, to whom, and
/// when in the recipient's day; with a WhatsApp-style preview beside it. Without JavaScript it is a plain form whose
/// preview shows the expressions as typed; the scripts add the live preview, the menus and the counts.
struct CampaignComposerModel {
    struct Option {
        let value: String
        let label: String
        let selected: Bool
    }

    struct NumberGroup {
        let numberID: String
        let label: String
        let templates: [TemplateChoice]
    }

    /// A field the insert menu writes into an expression.
    struct FieldToken {
        let token: String
        let label: String
    }

    /// A tag offered as a checkbox chip in one of the three audience groups.
    struct TagChip {
        let id: String
        let name: String
        let value: String
        let label: String
        let checked: Bool
    }

    struct TagGroup {
        let key: String
        let legend: String
        let chips: [TagChip]
    }

    /// A real contact the preview can be drawn for; its fields travel as JSON for the script's own rendering.
    struct Sample {
        let id: String
        let label: String
        let fields: String
        let selected: Bool
    }

    /// The bubble as drawn before any script runs: the template's texts with the expressions put in as typed.
    struct Bubble {
        let header: String?
        let media: String?
        let body: String
        let footer: String?
        let buttons: [String]
    }

    /// Everything the composer is drawn from; `campaign` is nil for a new draft.
    struct Input {
        let campaign: CampaignRecord?
        let form: CampaignForm
        let numbers: [ConnectedNumber]
        let templates: [StoredTemplate]
        let tags: [Tag]
        let segments: [Segment]
        let attributeKeys: [String]
        let samples: [AudienceMember]
        let audienceCount: Int?
        let errors: FormErrors
    }

    let isNew: Bool
    let id: String?
    let action: String
    let cancelHref: String
    let name: String
    let nameError: String?
    let numbers: [Option]
    let numberError: String?
    /// The single message (replaced by variant A while an A/B test is on).
    let main: ComposerContent
    let ab: ComposerABModel
    let blankParameter: ParameterRow
    let fields: [FieldToken]
    let tagGroups: [TagGroup]
    let hasTags: Bool
    let segments: [TagChip]
    let hasSegments: Bool
    let includeUnknownConsent: Bool
    let audienceError: String?
    let audienceCount: String?
    let windowStart: String
    let windowEnd: String
    let windowError: String?
    let freeformText: String
    let freeformError: String?
    let errors: FormErrors
    let bubble: Bubble
    let samples: [Sample]
    let bodyLimit = TemplateRules.bodyLimit
    let headerLimit = TemplateRules.headerLimit

    init(_ input: Input, localizer: Localizer, language: Language) {
        let form = input.form
        let errors = input.errors
        isNew = input.campaign == nil
        id = input.campaign?.id.uuidString.lowercased()
        action = input.campaign.map { PagePath.campaign($0.id) } ?? PagePath.campaigns.rawValue
        cancelHref = input.campaign.map { PagePath.campaign($0.id) } ?? PagePath.campaigns.rawValue
        name = form.name
        nameError = errors.message("name")
        numbers = input.numbers.map {
            Option(
                value: $0.id.uuidString.lowercased(), label: "\($0.displayPhoneNumber) — \($0.verifiedName)",
                selected: $0.id.uuidString.lowercased() == form.numberID.lowercased())
        }
        numberError = errors.message("number_id")
        main = ComposerContent(
            form.mainContent, prefix: "", numberID: form.numberID, numbers: input.numbers, templates: input.templates, errors: errors,
            localizer: localizer, language: language)
        ab = ComposerABModel(form, numbers: input.numbers, templates: input.templates, errors: errors, localizer: localizer, language: language)
        blankParameter = ParameterRow(id: "", name: "", label: "", value: "", error: nil)
        fields =
            ["first_name", "name", "last_name", "phone", "email", "country", "language"].map {
                FieldToken(token: "{\($0)}", label: localizer.text("campaigns.fields.\($0)", language))
            } + input.attributeKeys.filter(Self.isFieldName).map { FieldToken(token: "{attr.\($0)}", label: $0) }
        let tagNames = input.tags.map(\.name)
        let counts = Dictionary(input.tags.map { ($0.name, $0.contactCount) }, uniquingKeysWith: { a, _ in a })
        let numberFormat = NumberFormats(language: language)
        tagGroups = [("tags_any", form.tagsAny), ("tags_all", form.tagsAll), ("tags_none", form.tagsNone)].map { key, chosen in
            // A chosen tag deleted since stays offered (and ticked), so saving does not drop it behind the user's back.
            let names = tagNames + chosen.filter { !tagNames.contains($0) }
            return TagGroup(
                key: key, legend: localizer.text("campaigns.audience.\(key)", language),
                chips: names.enumerated().map { index, tag in
                    TagChip(
                        id: "\(key)-\(index)", name: "audience.\(key).\(index)", value: tag,
                        label: counts[tag].map { "\(tag) · \(numberFormat.integer($0))" } ?? tag,
                        checked: chosen.contains { $0.lowercased() == tag.lowercased() })
                })
        }
        hasTags = !tagNames.isEmpty || !(form.tagsAny + form.tagsAll + form.tagsNone).isEmpty
        segments = input.segments.enumerated().map { index, segment in
            let value = segment.id.uuidString.lowercased()
            return TagChip(
                id: "segments-\(index)", name: "audience.segments.\(index)", value: value, label: segment.name,
                checked: form.segments.contains { $0.lowercased() == value })
        }
        hasSegments = !segments.isEmpty
        includeUnknownConsent = form.includeUnknownConsent
        audienceError = errors.messages(under: "audience")
        audienceCount = input.audienceCount.map {
            localizer.text($0 == 1 ? "campaigns.audience.count_one" : "campaigns.audience.count", language, ["count": numberFormat.integer($0)])
        }
        windowStart = form.windowStart
        windowEnd = form.windowEnd
        windowError = errors.messages(under: "send_window")
        freeformText = form.freeformText
        freeformError = errors.messages(under: "freeform_text")
        self.errors = errors
        // The preview shows what the open tab sends: the variant on screen while a test is on.
        let shown = ab.enabled ? ab.variants[ab.active].content : main
        let content = ab.enabled ? form.ab.shown(main: form.mainContent)[ab.active] : form.mainContent
        bubble = Self.bubble(shown.shape, content: content, localizer: localizer, language: language)
        samples = input.samples.enumerated().map { index, member in
            let json = (try? JSONEncoder().encode(member.fields)).map { String(decoding: $0, as: UTF8.self) } ?? "{}"
            return Sample(
                id: member.contactID.uuidString.lowercased(),
                label: member.fields.name.isEmpty ? member.fields.phone : "\(member.fields.name) · \(member.fields.phone)",
                fields: json, selected: index == 0)
        }
    }

    /// Whether an attribute key can be written in an expression (`{attr.KEY}`): the grammar allows letters, digits, `_` and `.`.
    static func isFieldName(_ key: String) -> Bool {
        guard let first = key.unicodeScalars.first, first == "_" || (first.isASCII && CharacterSet.letters.contains(first)) else { return false }
        return key.unicodeScalars.allSatisfy { $0.isASCII && (CharacterSet.alphanumerics.contains($0) || $0 == "_" || $0 == ".") }
    }

    private static func bubble(_ shape: TemplateShape?, content form: ABForm.Variant, localizer: Localizer, language: Language) -> Bubble {
        guard let shape else {
            return Bubble(header: nil, media: nil, body: localizer.text("campaigns.preview_empty", language), footer: nil, buttons: [])
        }
        return Bubble(
            header: shape.headerFormat == "TEXT" ? shape.headerText.map { TemplateText.fill($0, with: form.header) } : nil,
            media: shape.isMediaHeader ? localizer.text("campaigns.media.\((shape.headerFormat ?? "image").lowercased())", language) : nil,
            body: TemplateText.fill(shape.body, with: form.body), footer: shape.footer, buttons: shape.buttons.map(\.text))
    }
}
