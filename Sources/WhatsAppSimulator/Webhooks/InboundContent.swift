/// What an injected inbound message carries (reference section 8, item 20), in Meta's `type` vocabulary.
enum InboundContent: Sendable {
    case text(String)
    /// A template quick-reply tap.
    case button(text: String, payload: String)
    case buttonReply(id: String, title: String)
    case listReply(id: String, title: String, description: String?)
    case reaction(messageID: String, emoji: String)
    /// `image`, `video`, `audio`, `document` or `sticker`, with the media object the user sent.
    case media(kind: String, InboundMediaObject)

    /// The message's `type` field.
    var type: String {
        switch self {
        case .text: "text"
        case .button: "button"
        case .buttonReply, .listReply: "interactive"
        case .reaction: "reaction"
        case .media(let kind, _): kind
        }
    }
}

/// A media object of an inbound message: its id is downloadable through `GET /{media-id}`.
struct InboundMediaObject: Sendable {
    let id: String
    let mimeType: String
    let sha256: String
    let caption: String?
    let filename: String?
}

/// The fields of an `account_update` webhook the control API can send.
struct AccountUpdate: Sendable {
    let event: String
    let phoneNumber: String?
    let banState: String?
    let restrictionType: String?
    let violationType: String?
}
