/// One inbound `messages[]` element: something a WhatsApp user sent to the business number.
public struct InboundMessage: Sendable, Hashable, Decodable {
    /// The typed content; types this library does not model decode as `.unsupported(type)`, never as an error.
    public enum Content: Sendable, Hashable {
        case text(body: String)
        /// Template quick-reply tap.
        case button(text: String?, payload: String?)
        case buttonReply(id: String, title: String?)
        case listReply(id: String, title: String?, description: String?)
        /// image, video, audio, document, sticker.
        case media(kind: String, InboundMedia)
        case reaction(messageID: String?, emoji: String?)
        /// Any other type (location, contacts, order, system, unsupported, future types).
        case unsupported(type: String)
    }

    /// `context`: the message this one replies to (e.g. the template whose button was tapped).
    public struct Context: Sendable, Hashable, Decodable {
        public var from: String?
        public var id: String?
        public var forwarded: Bool?
        public var frequentlyForwarded: Bool?

        enum CodingKeys: String, CodingKey { case from, id, forwarded, frequentlyForwarded = "frequently_forwarded" }
    }

    /// The user's wa_id; may be absent for BSUID-only users, then `fromUserID` is set.
    public var from: String?
    public var fromUserID: String?
    public var id: String
    public var timestamp: String?
    /// The raw `type`.
    public var type: String
    public var context: Context?
    public var content: Content

    /// The text a keyword check should look at: body, button text/payload or reply title.
    public var userText: String? {
        switch content {
        case .text(let body): body
        case .button(let text, let payload): text ?? payload
        case .buttonReply(_, let title), .listReply(_, let title, _): title
        case .media(_, let media): media.caption
        case .reaction, .unsupported: nil
        }
    }

    private struct Text: Decodable { let body: String }
    private struct Button: Decodable {
        let text: String?
        let payload: String?
    }
    private struct Reply: Decodable {
        let id: String
        let title: String?
        let description: String?
    }
    private struct Interactive: Decodable {
        let type: String
        let button_reply: Reply?
        let list_reply: Reply?
    }
    private struct Reaction: Decodable {
        let message_id: String?
        let emoji: String?
    }

    enum CodingKeys: String, CodingKey {
        case from, fromUserID = "from_user_id", id, timestamp, type, context
        case text, button, interactive, reaction, image, video, audio, document, sticker
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        from = try container.decodeIfPresent(FlexibleString.self, forKey: .from)?.value
        fromUserID = try container.decodeIfPresent(String.self, forKey: .fromUserID)
        id = try container.decode(String.self, forKey: .id)
        timestamp = try container.decodeIfPresent(FlexibleString.self, forKey: .timestamp)?.value
        type = try container.decodeIfPresent(String.self, forKey: .type) ?? "unknown"
        context = try? container.decodeIfPresent(Context.self, forKey: .context)
        // A malformed object of a known type degrades to `.unsupported` rather than failing the whole webhook.
        content = (try? Self.decodeContent(type: type, container: container)) ?? .unsupported(type: type)
    }

    private static func decodeContent(type: String, container: KeyedDecodingContainer<CodingKeys>) throws -> Content {
        switch type {
        case "text":
            return .text(body: try container.decode(Text.self, forKey: .text).body)
        case "button":
            let button = try container.decode(Button.self, forKey: .button)
            return .button(text: button.text, payload: button.payload)
        case "interactive":
            let interactive = try container.decode(Interactive.self, forKey: .interactive)
            if let reply = interactive.button_reply { return .buttonReply(id: reply.id, title: reply.title) }
            if let reply = interactive.list_reply { return .listReply(id: reply.id, title: reply.title, description: reply.description) }
            return .unsupported(type: "interactive.\(interactive.type)")
        case "reaction":
            let reaction = try container.decode(Reaction.self, forKey: .reaction)
            return .reaction(messageID: reaction.message_id, emoji: reaction.emoji)
        case "image", "video", "audio", "document", "sticker":
            guard let key = CodingKeys(stringValue: type) else { return .unsupported(type: type) }
            return .media(kind: type, try container.decode(InboundMedia.self, forKey: key))
        default:
            return .unsupported(type: type)
        }
    }
}
