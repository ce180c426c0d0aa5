import Foundation
import WhatsAppCloud

extension SimulatorState {
    /// Stores a submitted template as PENDING and schedules its review; sync errors are Meta's 100-family ones.
    mutating func createTemplate(_ submission: MessageTemplate, wabaID: String, now: ContinuousClock.Instant) -> Result<SimulatedTemplate, GraphFailure> {
        guard !submission.name.isEmpty, !submission.language.isEmpty else {
            return .failure(.invalidParameter("Parameters 'name' and 'language' are required."))
        }
        guard ["MARKETING", "UTILITY", "AUTHENTICATION"].contains(submission.category.uppercased()) else {
            return .failure(.invalidParameter("Invalid parameter: category must be MARKETING, UTILITY or AUTHENTICATION."))
        }
        let key = Self.templateKey(name: submission.name, language: submission.language)
        guard templates[wabaID]?[key] == nil else {
            return .failure(
                GraphFailure(
                    httpStatus: 400, code: 100, subcode: 2_388_024, type: "OAuthException", title: "Invalid parameter",
                    details: "Message template \"\(submission.name)\" already exists in \(submission.language)."))
        }
        let template = TemplateRules.review(submission, id: String(1_689_556_908_120_000 + nextSequence()))
        templates[wabaID, default: [:]][key] = template
        templateOrder[wabaID, default: []].append(key)
        let due = now + configuration.templateApprovalDelay
        events.insert(.templateReview(wabaID: wabaID, key: key), due: due)
        return .success(template)
    }

    /// Applies a due review: APPROVED, or REJECTED with `INVALID_FORMAT` when the rules were broken.
    mutating func reviewTemplate(wabaID: String, key: String) -> SimulatedTemplate? {
        guard var template = templates[wabaID]?[key], template.status == "PENDING" else { return nil }
        template.status = template.rejectionReason == nil ? "APPROVED" : "REJECTED"
        templates[wabaID]?[key] = template
        return template
    }

    /// Templates of a WABA in creation order, filtered like Meta's query parameters.
    func listTemplates(wabaID: String, name: String?, status: String?, language: String?) -> [SimulatedTemplate] {
        (templateOrder[wabaID] ?? []).compactMap { templates[wabaID]?[$0] }.filter { template in
            (name == nil || template.name == name) && (status == nil || template.status == status?.uppercased())
                && (language == nil || template.language == language)
        }
    }

    /// Deletes every language of `name` (or one template by `hsm_id`); false when nothing matched.
    mutating func deleteTemplate(wabaID: String, name: String, hsmID: String?) -> Bool {
        let keys = (templateOrder[wabaID] ?? []).filter { key in
            guard let template = templates[wabaID]?[key], template.name == name else { return false }
            return hsmID == nil || template.id == hsmID
        }
        for key in keys { templates[wabaID]?[key] = nil }
        templateOrder[wabaID]?.removeAll { keys.contains($0) }
        return !keys.isEmpty
    }

    /// Test/ops helper: force a template status (e.g. PAUSED) and return it.
    mutating func setTemplateStatus(wabaID: String, name: String, language: String, status: String) -> SimulatedTemplate? {
        let key = Self.templateKey(name: name, language: language)
        guard templates[wabaID]?[key] != nil else { return nil }
        templates[wabaID]?[key]?.status = status
        return templates[wabaID]?[key]
    }
}
