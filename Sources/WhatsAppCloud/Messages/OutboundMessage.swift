/// One message to send through `POST /{phone-number-id}/messages`, encoding to exactly Meta's JSON.
public struct OutboundMessage: Sendable, Hashable, Encodable {
    /// The typed content; each case becomes `type` plus the object named after it.
    public enum Content: Sendable, Hashable {
        case text(body: String, previewURL: Bool = false)
        case template(TemplateMessage)
        case image(MediaReference)
        case document(MediaReference)
        case video(MediaReference)
        case interactiveButtons(InteractiveButtons)

        /// Meta's `type` value.
        public var type: String {
            switch self {
            case .text: "text"
            case .template: "template"
            case .image: "image"
            case .document: "document"
            case .video: "video"
            case .interactiveButtons: "interactive"
            }
        }
    }

    /// Meta's documented maximum for `biz_opaque_callback_data`.
    public static let maxCallbackDataLength = 512

    /// The user's phone number (digits, optional leading `+`), echoed by Meta as `contacts[].input`.
    public var to: String
    public var content: Content
    /// Opaque data echoed in every status webhook of this message (≤ 512 characters).
    public var bizOpaqueCallbackData: String?
    /// The wamid this message replies to (`context.message_id`).
    public var replyToMessageID: String?

    public init(to: String, content: Content, bizOpaqueCallbackData: String? = nil, replyToMessageID: String? = nil) {
        self.to = to
        self.content = content
        self.bizOpaqueCallbackData = bizOpaqueCallbackData
        self.replyToMessageID = replyToMessageID
    }

    /// Refuses what Meta would refuse anyway, before a request is spent on it.
    public func validate() throws(WhatsAppError) {
        if let data = bizOpaqueCallbackData, data.count > Self.maxCallbackDataLength {
            throw WhatsAppError(
                failure: .invalidRequest,
                message: "biz_opaque_callback_data is \(data.count) characters; the maximum is \(Self.maxCallbackDataLength)",
                disposition: .invalidRequest
            )
        }
        if to.isEmpty {
            throw WhatsAppError(failure: .invalidRequest, message: "recipient `to` is empty", disposition: .invalidRequest)
        }
    }

    enum CodingKeys: String, CodingKey {
        case messagingProduct = "messaging_product"
        case recipientType = "recipient_type"
        case to, type, context, text, template, image, document, video, interactive
        case bizOpaqueCallbackData = "biz_opaque_callback_data"
    }

    private struct Context: Encodable {
        let message_id: String
    }

    private struct Text: Encodable {
        let body: String
        let preview_url: Bool
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode("whatsapp", forKey: .messagingProduct)
        try container.encode("individual", forKey: .recipientType)
        try container.encode(to, forKey: .to)
        try container.encode(content.type, forKey: .type)
        try container.encodeIfPresent(replyToMessageID.map(Context.init), forKey: .context)
        try container.encodeIfPresent(bizOpaqueCallbackData, forKey: .bizOpaqueCallbackData)
        switch content {
        case .text(let body, let previewURL): try container.encode(Text(body: body, preview_url: previewURL), forKey: .text)
        case .template(let template): try container.encode(template, forKey: .template)
        case .image(let media): try container.encode(media, forKey: .image)
        case .document(let media): try container.encode(media, forKey: .document)
        case .video(let media): try container.encode(media, forKey: .video)
        case .interactiveButtons(let interactive): try container.encode(interactive, forKey: .interactive)
        }
    }
}
