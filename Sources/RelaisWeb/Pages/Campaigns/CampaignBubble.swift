import RelaisCore

/// The message as one recipient will read it, drawn as a WhatsApp bubble, with what the preview revealed about
/// that recipient (a fallback used, a field missing so they would be skipped).
struct CampaignBubble {
    let header: String?
    let media: String?
    /// An uploaded header image, shown as itself.
    let mediaImage: String?
    let body: String
    let footer: String?
    let buttons: [String]
    /// "Preview for Awa Diop · +221…", or nil when no contact could be used.
    let contact: String
    let note: String?
    let noteTone: String

    init(_ preview: CampaignService.PreviewPayload, localizer: Localizer, language: Language) {
        let media = ["IMAGE", "VIDEO", "DOCUMENT"].contains(preview.headerFormat ?? "")
        header = media ? nil : preview.header
        self.media = media ? localizer.text("campaigns.media.\((preview.headerFormat ?? "image").lowercased())", language) : nil
        mediaImage =
            if preview.headerFormat == "IMAGE", case .upload(let id) = MediaHeaderSource(expression: preview.header ?? "") {
                "/api/v1/media/\(id.uuidString.lowercased())/content"
            } else {
                nil
            }
        body = preview.body
        footer = preview.footer
        buttons = preview.buttons.map(\.text)
        contact =
            preview.contact.map {
                localizer.text("campaigns.preview_for", language, ["name": $0.name.isEmpty ? $0.phone : "\($0.name) · \($0.phone)"])
            } ?? localizer.text("campaigns.preview_nobody", language)
        if !preview.sendable {
            note = localizer.text("campaigns.preview_skipped", language, ["fields": preview.missingFields.joined(separator: ", ")])
            noteTone = "danger"
        } else if preview.usedFallback {
            note = localizer.text("campaigns.preview_fallback", language)
            noteTone = "info"
        } else {
            note = nil
            noteTone = "info"
        }
    }
}
