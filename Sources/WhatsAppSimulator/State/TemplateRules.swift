import Foundation
import WhatsAppCloud

/// Meta's template rules (reference section 5), applied when a template is submitted.
enum TemplateRules {
    /// Builds the stored template; `rejectionReason` is set when review must reject it.
    static func review(_ submission: MessageTemplate, id: String) -> SimulatedTemplate {
        var problems: [String] = []
        let format = (submission.parameterFormat ?? "POSITIONAL").uppercased()
        if submission.name.isEmpty || submission.name.count > 512
            || !submission.name.utf8.allSatisfy({ ($0 >= 97 && $0 <= 122) || ($0 >= 48 && $0 <= 57) || $0 == 95 })
        {
            problems.append("name must be 1-512 characters of a-z, 0-9 and _")
        }
        var body = "", bodyVariables: [String] = [], headerFormat: String?, headerVariables: [String] = []
        var dynamicButtons = Set<Int>()
        for component in submission.components {
            let type = component["type"]?.stringValue?.uppercased() ?? ""
            let text = component["text"]?.stringValue ?? ""
            switch type {
            case "BODY":
                body = text
                bodyVariables = variables(in: text)
                if text.isEmpty { problems.append("body is empty") }
                if text.count > 1024 { problems.append("body exceeds 1024 characters") }
                let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
                if trimmed.hasPrefix("{{") || trimmed.hasSuffix("}}") { problems.append("variable at the start or end of the body") }
            case "HEADER":
                headerFormat = component["format"]?.stringValue?.uppercased() ?? "TEXT"
                if headerFormat == "TEXT" {
                    headerVariables = variables(in: text)
                    if text.count > 60 { problems.append("header exceeds 60 characters") }
                    if headerVariables.count > 1 { problems.append("header has more than one variable") }
                }
            case "FOOTER":
                if text.count > 60 { problems.append("footer exceeds 60 characters") }
                if !variables(in: text).isEmpty { problems.append("footer cannot contain variables") }
            case "BUTTONS":
                let buttons = component["buttons"]?.arrayValue ?? []
                if buttons.count > 10 { problems.append("more than 10 buttons") }
                for (index, button) in buttons.enumerated() {
                    if let url = button["url"]?.stringValue, !variables(in: url).isEmpty { dynamicButtons.insert(index) }
                    if button["type"]?.stringValue?.uppercased() == "QUICK_REPLY", (button["text"]?.stringValue ?? "").count > 25 {
                        problems.append("quick reply text exceeds 25 characters")
                    }
                }
            default:
                break
            }
        }
        if body.isEmpty, !problems.contains("body is empty") { problems.append("a BODY component is required") }
        problems += numberingProblems(bodyVariables, format: format)
        return SimulatedTemplate(
            id: id, name: submission.name, language: submission.language, category: submission.category.uppercased(),
            parameterFormat: format, components: submission.components, status: "PENDING",
            rejectionReason: problems.isEmpty ? nil : problems.joined(separator: "; "), bodyVariables: bodyVariables,
            bodyText: body, headerFormat: headerFormat, headerVariables: headerVariables, dynamicURLButtons: dynamicButtons)
    }

    /// Positional variables must be 1…n without gaps; named ones lowercase letters, digits and underscores.
    static func numberingProblems(_ variables: [String], format: String) -> [String] {
        if format == "NAMED" {
            let valid = variables.allSatisfy { name in
                name.utf8.allSatisfy { ($0 >= 97 && $0 <= 122) || ($0 >= 48 && $0 <= 57) || $0 == 95 } && !(name.first?.isNumber ?? true)
            }
            return valid ? [] : ["named variables must be lowercase letters, digits and underscores"]
        }
        let numbers = variables.compactMap(Int.init)
        guard numbers.count == variables.count else { return ["positional variables must be numbers"] }
        let sorted = numbers.sorted()
        if sorted.isEmpty || sorted == Array(1...sorted.count) { return [] }
        return ["positional variables must be numbered {{1}}, {{2}} … without gaps"]
    }

    /// Distinct `{{…}}` variable names in order of first appearance.
    static func variables(in text: String) -> [String] {
        var result: [String] = []
        var rest = Substring(text)
        while let open = rest.range(of: "{{") {
            guard let close = rest[open.upperBound...].range(of: "}}") else { break }
            let name = rest[open.upperBound..<close.lowerBound].trimmingCharacters(in: .whitespaces)
            if !result.contains(name) { result.append(name) }
            rest = rest[close.upperBound...]
        }
        return result
    }
}
