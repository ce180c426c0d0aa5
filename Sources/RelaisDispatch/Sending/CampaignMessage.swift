import Foundation
import RelaisCore
import RelaisStore
import WhatsAppCloud

/// Turns a claimed message into the Graph API send: its content rendered for the recipient, fitted to the template.
public enum CampaignMessage {
    /// What to do with one claimed message.
    public enum Plan: Sendable {
        case send(OutboundMessage)
        /// Not sendable to this recipient (deleted contact, a field with neither value nor fallback); the reason is kept.
        case skip(String)
    }

    public static func plan(_ message: ClaimedMessage, content: ResolvedContent) -> Plan {
        guard let fields = message.fields else { return .skip("contact deleted") }
        // Inside the 24-hour customer-service window, the campaign's free-form text (if it has one) instead of the template.
        if message.inServiceWindow, let text = content.content.renderFreeform(fields), text.missingFields.isEmpty,
            !text.text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty
        {
            return .send(OutboundMessage(to: message.toPhone, content: .text(body: text.text), bizOpaqueCallbackData: message.callbackID.uuidString))
        }
        let rendered = content.content.render(fields)
        guard rendered.isSendable else {
            let missing = rendered.missingFields.joined(separator: ", ")
            return .skip(missing.isEmpty ? "empty parameter" : "no value for \(missing)")
        }
        let shape = content.shape
        var components: [TemplateComponent] = []
        if shape.isMediaHeader, let link = rendered.header.first {
            let media: MediaReference
            if content.headerFile != nil {
                // An uploaded file goes by the Graph id the dispatcher got for it on this number.
                guard let uploaded = content.uploadedHeader else { return .skip("header file not uploaded") }
                media = .id(uploaded.graphMediaID, filename: shape.headerFormat == "DOCUMENT" ? uploaded.fileName : nil)
            } else {
                media = .link(link)
            }
            let parameter: TemplateParameter =
                switch shape.headerFormat {
                case "VIDEO": .video(media)
                case "DOCUMENT": .document(media)
                default: .image(media)
                }
            components.append(.header([parameter]))
        } else if !rendered.header.isEmpty {
            components.append(.header(texts(rendered.header, names: shape.headerParameters, named: shape.namedParameters)))
        }
        if !rendered.body.isEmpty {
            components.append(.body(texts(rendered.body, names: shape.bodyParameters, named: shape.namedParameters)))
        }
        for (button, value) in zip(shape.urlButtons, rendered.buttons) {
            components.append(.button(subType: "url", index: button.index, [.text(value)]))
        }
        let template = TemplateMessage(name: content.template.name, languageCode: content.template.language, components: components)
        return .send(OutboundMessage(to: message.toPhone, content: .template(template), bizOpaqueCallbackData: message.callbackID.uuidString))
    }

    private static func texts(_ values: [String], names: [String], named: Bool) -> [TemplateParameter] {
        values.enumerated().map { index, value in .text(value, name: named && index < names.count ? names[index] : nil) }
    }
}
