import RelaisCore
import WhatsAppCloud

/// Reads Meta's component JSON (`[{type: HEADER|BODY|FOOTER|BUTTONS, …}]`) into a `TemplateDraft` for checking.
enum TemplateComponents {
    static func draft(name: String, category: String, language: String, components: [JSONValue]) throws -> TemplateDraft {
        var headerFormat: TemplateDraft.HeaderFormat?
        var headerText: String?
        var body: String?
        var footer: String?
        var buttons: [TemplateDraft.Button] = []
        var issues = ValidationCollector()
        if components.count > 4 { issues.add("components", "error.template.components") }
        for (index, component) in components.enumerated() {
            switch component["type"]?.stringValue?.uppercased() {
            case "HEADER":
                headerFormat = TemplateDraft.HeaderFormat(rawValue: component["format"]?.stringValue?.uppercased() ?? "TEXT")
                if headerFormat == nil { issues.add("components.\(index).format", "error.field.invalid") }
                headerText = component["text"]?.stringValue
            case "BODY":
                body = component["text"]?.stringValue
            case "FOOTER":
                footer = component["text"]?.stringValue ?? ""
            case "BUTTONS":
                for button in component["buttons"]?.arrayValue ?? [] {
                    buttons.append(
                        TemplateDraft.Button(
                            type: button["type"]?.stringValue?.uppercased() ?? "", text: button["text"]?.stringValue ?? "",
                            url: button["url"]?.stringValue, phoneNumber: button["phone_number"]?.stringValue))
                }
            default:
                issues.add("components.\(index).type", "error.template.component_type")
            }
        }
        if body == nil { issues.add("components.body", "error.required") }
        try issues.check()
        let allText = [headerText, body, footer].compactMap { $0 }.joined(separator: " ")
        let named = TemplateRules.variables(in: allText).contains { Int($0) == nil }
        return TemplateDraft(
            name: name, category: category.uppercased(), language: language, headerFormat: headerFormat, headerText: headerText,
            body: body ?? "", footer: footer, buttons: buttons, namedParameters: named)
    }
}
