import Foundation
import RelaisCore

/// A template as the composer offers it: an option of the template select that carries its shape (texts and
/// parameters, as JSON in a data attribute) so the script can redraw the parameter inputs and the preview when the
/// choice changes, without a round trip.
struct TemplateChoice {
    /// What the script reads from `data-shape`.
    struct Shape: Encodable {
        struct Button: Encodable {
            let type: String
            let text: String
            let param: Bool
        }

        let format: String?
        let header: String?
        let body: String
        let footer: String?
        let buttons: [Button]
        let headerParams: [String]
        let bodyParams: [String]
    }

    let value: String
    let label: String
    let numberID: String
    let selected: Bool
    let approved: Bool
    let shape: String

    /// The options of one number, approved templates first (the only ones a launch accepts), others marked with Meta's status.
    static func options(
        _ templates: [StoredTemplate], number: UUID, selected: String, localizer: Localizer, language: Language
    ) -> [TemplateChoice] {
        templates.filter { $0.numberID == number }
            .sorted { ($0.status == "APPROVED" ? 0 : 1, $0.name, $0.language) < ($1.status == "APPROVED" ? 0 : 1, $1.name, $1.language) }
            .map { template in
                let value = CampaignForm.templateValue(template.name, template.language)
                let approved = template.status == "APPROVED"
                let statusKey = "templates.status.\(template.status.lowercased())"
                let status = localizer.text(statusKey, language)
                let label = "\(template.name) (\(template.language))" + (approved ? "" : " — " + (status == statusKey ? template.status : status))
                return TemplateChoice(
                    value: value, label: label, numberID: number.uuidString.lowercased(), selected: value == selected, approved: approved,
                    shape: TemplateShape(componentsJSON: template.componentsJSON).map(json) ?? "{}")
            }
    }

    static func json(_ shape: TemplateShape) -> String {
        let value = Shape(
            format: shape.headerFormat, header: shape.headerText, body: shape.body, footer: shape.footer,
            buttons: shape.buttons.map { Shape.Button(type: $0.type, text: $0.text, param: $0.takesParameter) },
            headerParams: shape.isMediaHeader ? ["media"] : shape.headerParameters, bodyParams: shape.bodyParameters)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return (try? encoder.encode(value)).map { String(decoding: $0, as: UTF8.self) } ?? "{}"
    }
}

/// One input of the composer: the expression that fills one template parameter.
struct ParameterRow {
    let id: String
    let name: String
    let label: String
    let value: String
    let error: String?
    /// The media header's row: a link, or a file to upload (the page's script offers the upload).
    var media = false

    /// The rows a template takes (header, body, then link buttons), filled with `content`'s expressions in order;
    /// `prefix` is empty for the single message and `variants.N.` for a variant, as in the API's issue fields.
    static func rows(
        for shape: TemplateShape, content: ABForm.Variant, prefix: String = "", errors: FormErrors, localizer: Localizer, language: Language
    ) -> [ParameterRow] {
        func row(_ part: String, _ index: Int, _ values: [String], _ label: String) -> ParameterRow {
            let name = "\(prefix)variables.\(part).\(index)"
            return ParameterRow(
                id: name.replacingOccurrences(of: ".", with: "-"), name: name, label: label,
                value: values.indices.contains(index) ? values[index] : "", error: errors.message(name))
        }
        var rows: [ParameterRow] = []
        if shape.isMediaHeader {
            var media = row("header", 0, content.header, localizer.text("campaigns.param.media", language))
            media.media = true
            rows.append(media)
        } else {
            for (index, name) in shape.headerParameters.enumerated() {
                rows.append(row("header", index, content.header, localizer.text("campaigns.param.header", language, ["placeholder": "{{\(name)}}"])))
            }
        }
        for (index, name) in shape.bodyParameters.enumerated() {
            rows.append(row("body", index, content.body, localizer.text("campaigns.param.body", language, ["placeholder": "{{\(name)}}"])))
        }
        for (index, button) in shape.urlButtons.enumerated() {
            rows.append(row("buttons", index, content.buttons, localizer.text("campaigns.param.button", language, ["button": button.text])))
        }
        return rows
    }
}
