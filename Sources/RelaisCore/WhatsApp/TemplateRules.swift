/// Meta's rules for templates (reference, section 5), checked before a template is submitted
/// so the user learns at once what Meta would reject days later.
public enum TemplateRules {
    public static let categories: Set<String> = ["MARKETING", "UTILITY", "AUTHENTICATION"]
    public static let bodyLimit = 1024
    public static let headerLimit = 60
    public static let footerLimit = 60
    public static let buttonTextLimit = 25

    /// Every broken rule, with the field it concerns.
    public static func issues(_ draft: TemplateDraft) -> [ValidationIssue] {
        var issues = ValidationCollector()
        let nameIsValid = !draft.name.isEmpty && draft.name.count <= 512
            && draft.name.unicodeScalars.allSatisfy { ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "_" }
        if !nameIsValid { issues.add("name", "error.template.name") }
        if !categories.contains(draft.category) { issues.add("category", "error.template.category") }
        if !isLanguageCode(draft.language) { issues.add("language", "error.template.language") }
        checkBody(draft, &issues)
        if draft.headerFormat == .text {
            let text = draft.headerText ?? ""
            if text.isEmpty { issues.add("components.header", "error.required") }
            if text.count > headerLimit { issues.add("components.header", "error.template.header_length") }
            if variables(in: text).count > 1 { issues.add("components.header", "error.template.header_variables") }
        }
        if let footer = draft.footer {
            if footer.count > footerLimit { issues.add("components.footer", "error.template.footer_length") }
            if !variables(in: footer).isEmpty { issues.add("components.footer", "error.template.footer_variables") }
        }
        checkButtons(draft.buttons, &issues)
        return issues.issues
    }

    /// The variable names in `text`, in order of appearance: `["1", "2"]` or `["first_name"]`.
    public static func variables(in text: String) -> [String] {
        var names: [String] = []
        var rest = Substring(text)
        while let open = rest.range(of: "{{") {
            let after = rest[open.upperBound...]
            guard let close = after.range(of: "}}") else { break }
            names.append(after[..<close.lowerBound].trimmingWhitespace())
            rest = after[close.upperBound...]
        }
        return names
    }

    private static func checkBody(_ draft: TemplateDraft, _ issues: inout ValidationCollector) {
        let body = draft.body
        if body.trimmingWhitespace().isEmpty { issues.add("components.body", "error.required"); return }
        if body.count > bodyLimit { issues.add("components.body", "error.template.body_length") }
        let names = variables(in: body)
        let trimmed = body.trimmingWhitespace()
        if trimmed.hasPrefix("{{") || trimmed.hasSuffix("}}") { issues.add("components.body", "error.template.variable_at_edge") }
        if draft.namedParameters {
            let valid = names.allSatisfy { !$0.isEmpty && $0.unicodeScalars.allSatisfy { ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "_" } }
            if !valid { issues.add("components.body", "error.template.variable_name") }
        } else {
            // Numbered variables must be {{1}}…{{n}} with none skipped.
            let numbers = names.compactMap { Int($0) }
            let distinct = Set(numbers)
            if numbers.count != names.count || (!distinct.isEmpty && distinct != Set(1...distinct.count)) {
                issues.add("components.body", "error.template.variable_sequence")
            }
        }
        // Meta rejects templates with too many variables for their length (more than one per ~3 words).
        let words = body.split(whereSeparator: { $0.isWhitespace }).count
        if !names.isEmpty, words < names.count * 3 { issues.add("components.body", "error.template.variable_density") }
    }

    private static func checkButtons(_ buttons: [TemplateDraft.Button], _ issues: inout ValidationCollector) {
        if buttons.count > 10 { issues.add("components.buttons", "error.template.too_many_buttons") }
        if buttons.filter({ $0.type == "URL" }).count > 2 { issues.add("components.buttons", "error.template.too_many_url_buttons") }
        if buttons.filter({ $0.type == "PHONE_NUMBER" }).count > 1 { issues.add("components.buttons", "error.template.too_many_phone_buttons") }
        for (index, button) in buttons.enumerated() {
            let field = "components.buttons.\(index)"
            if button.text.trimmingWhitespace().isEmpty || button.text.count > buttonTextLimit { issues.add(field, "error.template.button_text") }
            switch button.type {
            case "QUICK_REPLY", "COPY_CODE", "OTP", "FLOW", "CATALOG", "MPM": break
            case "URL":
                if !(button.url?.hasPrefix("https://") ?? false) && !(button.url?.hasPrefix("http://") ?? false) { issues.add(field, "error.template.button_url") }
            case "PHONE_NUMBER":
                if (button.phoneNumber ?? "").isEmpty { issues.add(field, "error.template.button_phone") }
            default:
                issues.add(field, "error.template.button_type")
            }
        }
    }

    /// `fr`, `en_US`, `pt_BR`: two or three lowercase letters, optionally `_` and two uppercase letters.
    static func isLanguageCode(_ code: String) -> Bool {
        let parts = code.split(separator: "_", omittingEmptySubsequences: false)
        guard (1...2).contains(parts.count), (2...3).contains(parts[0].count), parts[0].allSatisfy({ $0.isLowercase && $0.isASCII }) else { return false }
        return parts.count == 1 || (parts[1].count == 2 && parts[1].allSatisfy { $0.isUppercase && $0.isASCII })
    }
}
