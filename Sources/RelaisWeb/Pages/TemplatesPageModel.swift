import Foundation
import RelaisCore
import WhatsAppCloud

/// The Templates page: every template with Meta's verdict, and the number it belongs to.
struct TemplatesPageModel {
    struct Row {
        let id: String
        let name: String
        let language: String
        let category: String
        let status: String
        let statusClass: String
        let statusReason: String?
        let number: String
        let body: String
        let updatedAt: String
    }

    let rows: [Row]
    let empty: Bool
    let hasNumbers: Bool
    let canManage: Bool

    init(templates: [StoredTemplate], numbers: [ConnectedNumber], canManage: Bool, localizer: Localizer, language: Language, timezone: String) {
        let dates = DateFormats(language: language, timezone: timezone)
        let numberNames = Dictionary(uniqueKeysWithValues: numbers.map { ($0.id, $0.displayPhoneNumber) })
        rows = templates.map { template in
            let components = (try? JSONDecoder().decode([JSONValue].self, from: Data(template.componentsJSON.utf8))) ?? []
            let body = components.first { $0["type"]?.stringValue?.uppercased() == "BODY" }?["text"]?.stringValue ?? ""
            let statusKey = "templates.status.\(template.status.lowercased())"
            let statusText = localizer.text(statusKey, language)
            return Row(
                id: template.id.uuidString.lowercased(), name: template.name, language: template.language,
                category: localizer.text("templates.category.\(template.category.lowercased())", language),
                status: statusText == statusKey ? template.status : statusText, statusClass: template.status.lowercased(),
                statusReason: template.statusReason, number: numberNames[template.numberID] ?? "",
                body: String(body.prefix(140)), updatedAt: dates.dateTime(template.updatedAt))
        }
        empty = templates.isEmpty
        hasNumbers = !numbers.isEmpty
        self.canManage = canManage
    }
}

/// The template composer: the form's values, its errors, and the numbers to choose from.
struct TemplateFormModel {
    struct NumberOption {
        let id: String
        let label: String
        let selected: Bool
    }

    struct Option {
        let value: String
        let label: String
        let selected: Bool
    }

    let numbers: [NumberOption]
    let categories: [Option]
    let values: [String: String]
    let errors: [String: String]
    let summary: String?
    let bodyLimit = TemplateRules.bodyLimit
    let headerLimit = TemplateRules.headerLimit
    let footerLimit = TemplateRules.footerLimit

    init(numbers: [ConnectedNumber], values: [String: String], errors: [String: String], summary: String?, localizer: Localizer, language: Language) {
        self.numbers = numbers.map {
            NumberOption(id: $0.id.uuidString.lowercased(), label: "\($0.displayPhoneNumber) — \($0.verifiedName)", selected: values["number_id"] == $0.id.uuidString.lowercased())
        }
        let category = values["category"] ?? "MARKETING"
        categories = ["MARKETING", "UTILITY"].map {
            Option(value: $0, label: localizer.text("templates.category.\($0.lowercased())", language), selected: $0 == category)
        }
        var values = values
        if values["language"] == nil { values["language"] = language.rawValue }
        self.values = values
        self.errors = errors
        self.summary = summary
    }
}
