import WhatsAppCloud

/// The body of `POST /{phone-number-id}/messages` as the simulator reads it (decoded once per request).
struct SendRequest: Decodable, Sendable {
    struct Text: Decodable, Sendable {
        let body: String?
    }

    struct Media: Decodable, Sendable {
        let id: String?
        let link: String?
        let caption: String?
        let filename: String?
    }

    struct Parameter: Decodable, Sendable {
        let type: String?
        let text: String?
        let parameterName: String?
        let payload: String?
        let image: Media?
        let video: Media?
        let document: Media?
        let currency: JSONValue?
        let dateTime: JSONValue?
        let couponCode: String?

        enum CodingKeys: String, CodingKey {
            case type, text, payload, image, video, document, currency
            case parameterName = "parameter_name", dateTime = "date_time", couponCode = "coupon_code"
        }

        /// The value recorded in the ledger.
        var displayValue: String {
            if let text { return text }
            if let payload { return payload }
            if let couponCode { return couponCode }
            if let media = image ?? video ?? document { return media.link ?? media.id ?? "" }
            if let fallback = (currency ?? dateTime)?["fallback_value"]?.stringValue { return fallback }
            return ""
        }

        var isMedia: Bool { image != nil || video != nil || document != nil }
    }

    struct Component: Decodable, Sendable {
        let type: String?
        let subType: String?
        let index: FlexibleString?
        let parameters: [Parameter]?

        enum CodingKeys: String, CodingKey {
            case type, subType = "sub_type", index, parameters
        }
    }

    struct Language: Decodable, Sendable {
        let code: String?
    }

    struct Template: Decodable, Sendable {
        let name: String?
        let language: Language?
        let components: [Component]?
    }

    let messagingProduct: String?
    let recipientType: String?
    let to: FlexibleString?
    let type: String?
    let text: Text?
    let template: Template?
    let image: Media?
    let video: Media?
    let document: Media?
    let audio: Media?
    let sticker: Media?
    let interactive: JSONValue?
    let reaction: JSONValue?
    let location: JSONValue?
    let contacts: JSONValue?
    let bizOpaqueCallbackData: String?
    /// Read receipts: `{"status":"read","message_id":…}`.
    let status: String?
    let messageID: String?

    enum CodingKeys: String, CodingKey {
        case messagingProduct = "messaging_product", recipientType = "recipient_type", to, type, text, template
        case image, video, document, audio, sticker, interactive, reaction, location, contacts
        case bizOpaqueCallbackData = "biz_opaque_callback_data", status, messageID = "message_id"
    }
}
