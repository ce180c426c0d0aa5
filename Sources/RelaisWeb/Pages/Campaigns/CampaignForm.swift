import Foundation
import RelaisCore
import RelaisStore

/// The composer's values, whether read from a posted form, from a stored campaign, or chosen as defaults.
///
/// Field names follow the API's JSON paths (`variables.body.0`, `audience.tags_any.2`, `send_window.start`), so a
/// validation issue's field names the input it concerns. Lists are posted as numbered fields because the form reader
/// keeps one value per name.
struct CampaignForm {
    var name = ""
    var numberID = ""
    /// `name:language` of the template (template names and language codes contain no colon).
    var template = ""
    var header: [String] = []
    var body: [String] = []
    var buttons: [String] = []
    var tagsAny: [String] = []
    var tagsAll: [String] = []
    var tagsNone: [String] = []
    var segments: [String] = []
    var includeUnknownConsent = false
    var windowStart = ""
    var windowEnd = ""
    /// Sent instead of the template inside the 24-hour customer-service window; blank for none.
    var freeformText = ""
    /// The A/B test; when it is on, its first variant is the campaign's message and the single-message fields are ignored.
    var ab = ABForm()

    init() {}

    init(fields: [String: String]) {
        name = fields["name"] ?? ""
        numberID = fields["number_id"] ?? ""
        template = fields["template"] ?? ""
        header = Self.list("variables.header.", fields, keepBlanks: true)
        body = Self.list("variables.body.", fields, keepBlanks: true)
        buttons = Self.list("variables.buttons.", fields, keepBlanks: true)
        tagsAny = Self.list("audience.tags_any.", fields)
        tagsAll = Self.list("audience.tags_all.", fields)
        tagsNone = Self.list("audience.tags_none.", fields)
        segments = Self.list("audience.segments.", fields)
        includeUnknownConsent = fields["audience.include_unknown_consent"] == "true"
        windowStart = fields["send_window.start"] ?? ""
        windowEnd = fields["send_window.end"] ?? ""
        freeformText = fields["freeform_text"] ?? ""
        ab = ABForm(fields: fields)
    }

    init(_ campaign: CampaignRecord) {
        name = campaign.name
        numberID = campaign.numberID.uuidString.lowercased()
        template = Self.templateValue(campaign.content.templateName, campaign.content.language)
        header = campaign.content.header
        body = campaign.content.body
        buttons = campaign.content.buttons
        tagsAny = campaign.audience.tagsAny
        tagsAll = campaign.audience.tagsAll
        tagsNone = campaign.audience.tagsNone
        segments = campaign.audience.segments.map { $0.uuidString.lowercased() }
        includeUnknownConsent = campaign.audience.includeUnknownConsent
        windowStart = campaign.sendWindow?.startText ?? ""
        windowEnd = campaign.sendWindow?.endText ?? ""
        freeformText = campaign.content.freeformText ?? ""
        ab = ABForm(campaign.ab)
    }

    /// A change of nothing: what `update` is given when only the send window is removed.
    static var emptyBody: CampaignBody {
        CampaignBody(
            name: nil, numberId: nil, template: nil, variables: nil, audience: nil, variants: nil, ab: nil, sendWindow: nil, freeformText: nil)
    }

    static func templateValue(_ name: String, _ language: String) -> String { name + ":" + language }

    /// The template a `name:language` value points at, or nil when it is not one.
    static func templateRef(_ value: String) -> CampaignBody.TemplateRef? {
        let parts = value.split(separator: ":", maxSplits: 1).map(String.init)
        return parts.count == 2 ? CampaignBody.TemplateRef(name: parts[0], language: parts[1]) : nil
    }

    /// The single message, in the shape of a variant (what a new A/B test starts from).
    var mainContent: ABForm.Variant { ABForm.Variant(template: template, header: header, body: body, buttons: buttons) }

    /// The API body this form amounts to, and whether it empties the send window (both times left blank).
    var request: (body: CampaignBody, clearSendWindow: Bool) {
        let windowBlank = windowStart.isEmpty && windowEnd.isEmpty
        let (variants, abSettings) = ab.request
        // With a test on, variant A is also the campaign's own message (what a preview or a test send shows).
        let content = ab.enabled ? ab.variants.first ?? mainContent : mainContent
        let body = CampaignBody(
            name: name, numberId: UUID(uuidString: numberID),
            template: Self.templateRef(content.template) ?? (ab.enabled ? Self.templateRef(template) : nil),
            variables: CampaignBody.Variables(header: content.header, body: content.body, buttons: content.buttons),
            audience: CampaignBody.Audience(
                tagsAny: tagsAny, tagsAll: tagsAll, tagsNone: tagsNone, segments: segments.compactMap(UUID.init(uuidString:)),
                includeUnknownConsent: includeUnknownConsent),
            variants: variants, ab: abSettings, sendWindow: windowBlank ? nil : CampaignBody.Window(start: windowStart, end: windowEnd),
            freeformText: freeformText.trimmingCharacters(in: .whitespacesAndNewlines))
        return (body, windowBlank)
    }

    /// The values of `prefix0`, `prefix1`… in index order; gaps are kept as blanks when `keepBlanks` (a parameter
    /// left empty must stay in its place), dropped otherwise (unticked boxes).
    static func list(_ prefix: String, _ fields: [String: String], keepBlanks: Bool = false) -> [String] {
        var byIndex: [Int: String] = [:]
        for (key, value) in fields where key.hasPrefix(prefix) {
            guard let index = Int(key.dropFirst(prefix.count)), (0..<100).contains(index) else { continue }
            byIndex[index] = value
        }
        guard let last = byIndex.keys.max() else { return [] }
        let values = (0...last).map { byIndex[$0] ?? "" }
        return keepBlanks ? values : values.filter { !$0.trimmingCharacters(in: .whitespaces).isEmpty }
    }
}
