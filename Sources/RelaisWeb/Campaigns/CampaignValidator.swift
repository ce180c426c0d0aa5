import Foundation
import RelaisCore
import RelaisStore

/// The checks a campaign must pass to be saved: its name, its number, its templates on that number with exactly
/// the parameters they take, well-formed expressions, an A/B test within bounds, segments that exist.
/// (Whether a template is *approved* is checked at launch: a draft may wait for Meta's review.)
enum CampaignValidator {
    static func issues(_ campaign: CampaignRecord, on connection: TenantConnection) async throws -> [ValidationIssue] {
        var issues = ValidationCollector()
        if campaign.name.isEmpty { issues.add("name", "error.required") } else if campaign.name.count > 120 { issues.add("name", "error.too_long") }
        guard try await connection.number(campaign.numberID) != nil else {
            issues.add("number_id", "error.campaign.number_unknown")
            return issues.issues
        }
        let templates = try await connection.templates(number: campaign.numberID)
        let contents: [(String, CampaignContent)] =
            campaign.ab.map { ab in ab.variants.enumerated().map { ("variants.\($0.offset)", $0.element) } } ?? [("", campaign.content)]
        for (prefix, content) in contents {
            let dot = prefix.isEmpty ? "" : prefix + "."
            guard let template = templates.first(where: { $0.name == content.templateName && $0.language == content.language }) else {
                issues.add(dot + "template", "error.campaign.template_unknown")
                continue
            }
            for issue in content.validate() { issues.add(dot + issue.field, issue.code) }
            guard let shape = TemplateShape(componentsJSON: template.componentsJSON) else {
                issues.add(dot + "template", "error.campaign.template_unreadable")
                continue
            }
            for issue in shape.issues(for: content, prefix: dot + "variables") { issues.add(issue.field, issue.code) }
            if let fileID = shape.headerFileID(of: content) {
                if let file = try await connection.mediaFile(fileID) {
                    if !file.fits(shape) { issues.add(dot + "variables.header.0", "error.media.wrong_kind") }
                } else {
                    issues.add(dot + "variables.header.0", "error.media.unknown")
                }
            }
        }
        if let ab = campaign.ab {
            for issue in ab.issues() where !issue.field.hasPrefix("ab.variants.") { issues.add(issue.field, issue.code) }
        }
        for (index, id) in campaign.audience.segments.enumerated() where try await connection.segment(id) == nil {
            issues.add("audience.segments.\(index)", "error.campaign.segment_unknown")
        }
        let audience = campaign.audience
        for tag in audience.tagsAny + audience.tagsAll + audience.tagsNone where tag.count > 64 {
            issues.add("audience", "error.too_long")
        }
        return issues.issues
    }
}
