/// What Meta answers for an accepted send: the wamid and the recipient's normalised WhatsApp id.
public struct SendReceipt: Sendable, Hashable, Decodable {
    /// The message id (`wamid.…`) that every status webhook of this message carries.
    public var messageID: String
    /// `contacts[0].wa_id`: may differ from the number sent (e.g. Brazil/Mexico prefixes).
    public var waID: String?
    /// `contacts[0].input`: the `to` value echoed verbatim.
    public var input: String?
    /// `messages[0].message_status` for template sends: `accepted` or `held_for_quality_assessment`.
    public var messageStatus: String?

    public init(messageID: String, waID: String?, input: String?, messageStatus: String?) {
        self.messageID = messageID
        self.waID = waID
        self.input = input
        self.messageStatus = messageStatus
    }

    private struct Wire: Decodable {
        struct Contact: Decodable {
            let input: String?
            let wa_id: String?
        }
        struct Message: Decodable {
            let id: String
            let message_status: String?
        }
        let contacts: [Contact]?
        let messages: [Message]
    }

    public init(from decoder: any Decoder) throws {
        let wire = try Wire(from: decoder)
        guard let message = wire.messages.first else {
            throw DecodingError.dataCorrupted(.init(codingPath: [], debugDescription: "messages[] is empty"))
        }
        self.init(messageID: message.id, waID: wire.contacts?.first?.wa_id, input: wire.contacts?.first?.input, messageStatus: message.message_status)
    }
}
