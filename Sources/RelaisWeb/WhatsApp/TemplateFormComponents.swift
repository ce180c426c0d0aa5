import WhatsAppCloud

/// Turns the composer's plain form fields into Meta's component JSON, and API field paths back into form fields.
enum TemplateFormComponents {
    static func components(from form: [String: String]) -> [JSONValue] {
        func text(_ key: String) -> String? { form[key].flatMap { $0.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty ? nil : $0 } }
        var components: [JSONValue] = []
        if let header = text("header") { components.append(.object(["type": .string("HEADER"), "format": .string("TEXT"), "text": .string(header)])) }
        components.append(.object(["type": .string("BODY"), "text": .string(form["body"] ?? "")]))
        if let footer = text("footer") { components.append(.object(["type": .string("FOOTER"), "text": .string(footer)])) }
        var buttons: [JSONValue] = (1...3).compactMap { index in
            text("quick_reply_\(index)").map { .object(["type": .string("QUICK_REPLY"), "text": .string($0)]) }
        }
        if let label = text("url_button_text") {
            buttons.append(.object(["type": .string("URL"), "text": .string(label), "url": .string(form["url_button_url"] ?? "")]))
        }
        if !buttons.isEmpty { components.append(.object(["type": .string("BUTTONS"), "buttons": .array(buttons)])) }
        return components
    }

    /// `components.body` → `body`, `components.buttons.2` → `buttons`: where the composer shows an API issue.
    static func formField(_ field: String) -> String {
        switch field {
        case let path where path.hasPrefix("components.buttons"): "buttons"
        case let path where path.hasPrefix("components."): String(path.dropFirst("components.".count))
        default: field
        }
    }
}
