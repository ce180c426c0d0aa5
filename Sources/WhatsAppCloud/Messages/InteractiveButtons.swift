/// An interactive reply-buttons message (max 3 buttons), only deliverable inside a customer-service window.
public struct InteractiveButtons: Sendable, Hashable, Encodable {
    /// One reply button: `id` comes back in the `button_reply` webhook, `title` (≤ 20 chars) is shown.
    public struct Button: Sendable, Hashable {
        public var id: String
        public var title: String

        public init(id: String, title: String) {
            self.id = id
            self.title = title
        }
    }

    public var headerText: String?
    public var body: String
    public var footer: String?
    public var buttons: [Button]

    public init(headerText: String? = nil, body: String, footer: String? = nil, buttons: [Button]) {
        self.headerText = headerText
        self.body = body
        self.footer = footer
        self.buttons = buttons
    }

    private struct TextObject: Encodable {
        var type: String?
        var text: String
    }

    private struct Reply: Encodable {
        let id: String
        let title: String
    }

    private struct ButtonObject: Encodable {
        let type = "reply"
        let reply: Reply
    }

    private struct Action: Encodable {
        let buttons: [ButtonObject]
    }

    enum CodingKeys: String, CodingKey {
        case type, header, body, footer, action
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode("button", forKey: .type)
        try container.encodeIfPresent(headerText.map { TextObject(type: "text", text: $0) }, forKey: .header)
        try container.encode(TextObject(text: body), forKey: .body)
        try container.encodeIfPresent(footer.map { TextObject(text: $0) }, forKey: .footer)
        let action = Action(buttons: buttons.map { ButtonObject(reply: Reply(id: $0.id, title: $0.title)) })
        try container.encode(action, forKey: .action)
    }
}
