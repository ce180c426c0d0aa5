import Foundation
import RelaisCore
import RelaisStore

/// `POST /api/v1/campaigns` and `PATCH /api/v1/campaigns/{id}`: every field optional on PATCH.
struct CampaignBody: StrictDecodable {
    static let fields: Set<String> = ["name", "number_id", "template", "variables", "audience", "variants", "ab", "send_window", "freeform_text"]

    struct TemplateRef: Decodable, Sendable {
        let name: String
        let language: String
    }

    struct Variables: Decodable, Sendable {
        let header: [String]?
        let body: [String]?
        let buttons: [String]?
    }

    struct Audience: Decodable, Sendable {
        let tagsAny: [String]?
        let tagsAll: [String]?
        let tagsNone: [String]?
        let segments: [UUID]?
        let includeUnknownConsent: Bool?

        var value: CampaignAudience {
            CampaignAudience(
                tagsAny: tagsAny ?? [], tagsAll: tagsAll ?? [], tagsNone: tagsNone ?? [], segments: segments ?? [],
                includeUnknownConsent: includeUnknownConsent ?? false)
        }
    }

    struct Variant: Decodable, Sendable {
        let template: TemplateRef
        let variables: Variables?
    }

    struct AB: Decodable, Sendable {
        let testShare: Double
        let metric: String
        let decisionHours: Double
        let confidence: Double?
        let fallback: String?
    }

    struct Window: Decodable, Sendable {
        let start: String
        let end: String
    }

    let name: String?
    let numberId: UUID?
    let template: TemplateRef?
    let variables: Variables?
    let audience: Audience?
    let variants: [Variant]?
    let ab: AB?
    let sendWindow: Window?
    /// Sent instead of the template to recipients inside WhatsApp's 24-hour customer-service window; "" removes it.
    let freeformText: String?

    static func content(_ template: TemplateRef, _ variables: Variables?) -> CampaignContent {
        CampaignContent(
            templateName: template.name, language: template.language, header: variables?.header ?? [], body: variables?.body ?? [],
            buttons: variables?.buttons ?? [])
    }

    /// Applies the fields present to `record` (a new draft, or the stored campaign for PATCH); collects what is
    /// malformed on its own (a metric that does not exist, a window that does not parse). Checks that need the
    /// database (number, templates, segments) come after, in `CampaignValidator`.
    func apply(to record: inout CampaignRecord, issues: inout ValidationCollector) {
        if let name { record.name = name.trimmingCharacters(in: .whitespacesAndNewlines) }
        if let numberId { record.numberID = numberId }
        let keptFreeform = record.content.freeformText
        if let template { record.content = Self.content(template, variables) } else if let variables {
            record.content = Self.content(TemplateRef(name: record.content.templateName, language: record.content.language), variables)
        }
        if let audience { record.audience = audience.value }
        record.content.freeformText = freeformText.map { $0.isEmpty ? nil : $0 } ?? keptFreeform
        if let sendWindow {
            if let window = SendWindow(start: sendWindow.start, end: sendWindow.end) { record.sendWindow = window } else {
                issues.add("send_window", "error.campaign.send_window")
            }
        }
        if variants != nil || ab != nil { record.ab = abSettings(record, issues: &issues) }
    }

    private func abSettings(_ record: CampaignRecord, issues: inout ValidationCollector) -> ABSettings? {
        guard let variants, !variants.isEmpty else {
            if ab != nil { issues.add("variants", "error.ab.variant_count") }
            return nil
        }
        guard let ab else {
            issues.add("ab", "error.required")
            return nil
        }
        guard let metric = ABMetric(rawValue: ab.metric) else {
            issues.add("ab.metric", "error.field.invalid")
            return nil
        }
        let fallback = ab.fallback.map { ABFallback(rawValue: $0) } ?? .highestRate
        guard let fallback else {
            issues.add("ab.fallback", "error.field.invalid")
            return nil
        }
        return ABSettings(
            variants: variants.map { Self.content($0.template, $0.variables) }, testShare: ab.testShare, metric: metric,
            decisionHours: ab.decisionHours, confidence: ab.confidence ?? 0.95, fallback: fallback)
    }
}

/// `POST /api/v1/campaigns/{id}/schedule`.
struct ScheduleBody: StrictDecodable {
    static let fields: Set<String> = ["start_at", "timezone", "recurrence", "send_window"]

    struct RecurrenceBody: Decodable, Sendable {
        let frequency: String
        let interval: Int?
        let weekdays: [Int]?
        let monthDay: Int?
        let until: String?
        let count: Int?
    }

    let startAt: String
    let timezone: String
    let recurrence: RecurrenceBody?
    let sendWindow: CampaignBody.Window?
}

/// `POST /api/v1/campaigns/{id}/test-send`.
struct TestSendBody: StrictDecodable {
    static let fields: Set<String> = ["phone", "contact_id"]
    let phone: String
    let contactId: UUID?
}
