import RelaisCore

/// A refused form's issues, ready for the page: a message next to each field and a summary on top whose items link
/// to the fields (so a keyboard or screen-reader user goes straight to what needs fixing).
struct FormErrors {
    /// One line of the summary: which part of the form, what is wrong, and the anchor of its input.
    struct Item {
        let label: String
        let message: String
        let href: String
    }

    private let messages: [(field: String, message: String)]
    let items: [Item]
    /// Stored (not computed) because templates read models by reflection.
    let hasItems: Bool
    /// The summary's heading ("Some fields need your attention"), or nil when there is nothing to fix.
    let summary: String?

    static let none = FormErrors()

    private init() {
        messages = []
        items = []
        hasItems = false
        summary = nil
    }

    /// `anchor` maps an issue's field to the id of the input (or group) it belongs to and the catalogue key of its label.
    init(
        _ issues: [ValidationIssue], summaryKey: String = "error.validation", localizer: Localizer, language: Language,
        anchor: (String) -> (id: String, labelKey: String)
    ) {
        messages = issues.map { ($0.field, localizer.text($0.code, language)) }
        var seen: Set<String> = []
        items = issues.compactMap { issue in
            let (id, labelKey) = anchor(issue.field)
            guard seen.insert(id + issue.code).inserted else { return nil }
            return Item(label: localizer.text(labelKey, language), message: localizer.text(issue.code, language), href: "#" + id)
        }
        hasItems = !items.isEmpty
        summary = issues.isEmpty ? nil : localizer.text(summaryKey, language)
    }

    /// A refusal that names no field (a state conflict, a launch check): the summary alone says it.
    init(problem: Problem, localizer: Localizer, language: Language) {
        messages = []
        items = []
        hasItems = false
        summary = localizer.text(problem.code, language)
    }

    /// The message of exactly this field.
    func message(_ field: String) -> String? { messages.first { $0.field == field }?.message }

    /// The messages of this field and everything under it (`audience` covers `audience.segments.0`).
    func messages(under field: String) -> String? {
        let found = messages.filter { $0.field == field || $0.field.hasPrefix(field + ".") }.map(\.message)
        return found.isEmpty ? nil : Array(Set(found)).sorted().joined(separator: " ")
    }
}
