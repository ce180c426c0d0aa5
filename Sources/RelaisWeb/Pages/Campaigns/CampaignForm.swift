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
    }

    /// A change of nothing: what `update` is given when only the send window is removed.
    static var emptyBody: CampaignBody {
        CampaignBody(
            name: nil, numberId: nil, template: nil, variables: nil, audience: nil, variants: nil, ab: nil, sendWindow: nil, freeformText: nil)
    }

    static func templateValue(_ name: String, _ language: String) -> String { name + ":" + language }

    /// The template this form points at, among `templates` (of any number).
    func selectedTemplate(in templates: [StoredTemplate]) -> StoredTemplate? {
        templates.first { Self.templateValue($0.name, $0.language) == template && $0.numberID.uuidString.lowercased() == numberID.lowercased() }
    }

    /// The API body this form amounts to, and whether it empties the send window (both times left blank).
    var request: (body: CampaignBody, clearSendWindow: Bool) {
        let parts = template.split(separator: ":", maxSplits: 1).map(String.init)
        let windowBlank = windowStart.isEmpty && windowEnd.isEmpty
        let body = CampaignBody(
            name: name, numberId: UUID(uuidString: numberID),
            template: parts.count == 2 ? CampaignBody.TemplateRef(name: parts[0], language: parts[1]) : nil,
            variables: CampaignBody.Variables(header: header, body: body, buttons: buttons),
            audience: CampaignBody.Audience(
                tagsAny: tagsAny, tagsAll: tagsAll, tagsNone: tagsNone, segments: segments.compactMap(UUID.init(uuidString:)),
                includeUnknownConsent: includeUnknownConsent),
            variants: nil, ab: nil, sendWindow: windowBlank ? nil : CampaignBody.Window(start: windowStart, end: windowEnd),
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
