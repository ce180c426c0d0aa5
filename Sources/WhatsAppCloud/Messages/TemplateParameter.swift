/// One parameter of a template component, encoding to Meta's `{"type": …, "<type>": …}` objects.
public enum TemplateParameter: Sendable, Hashable, Encodable {
    /// Text; `name` is `parameter_name` for templates created with `parameter_format: NAMED`.
    case text(String, name: String? = nil)
    case currency(fallbackValue: String, code: String, amount1000: Int)
    case dateTime(fallbackValue: String)
    case image(MediaReference)
    case video(MediaReference)
    case document(MediaReference)
    /// Quick-reply button payload, returned in the inbound `button` webhook.
    case payload(String)
    /// Copy-code button value.
    case couponCode(String)

    /// The value shown to the user, used for ledgers and previews.
    public var displayValue: String {
        switch self {
        case .text(let text, _): text
        case .currency(let fallback, _, _), .dateTime(let fallback): fallback
        case .image(let media), .video(let media), .document(let media): media.link ?? media.id ?? ""
        case .payload(let payload): payload
        case .couponCode(let code): code
        }
    }

    private struct Currency: Encodable {
        let fallback_value: String
        let code: String
        let amount_1000: Int
    }

    private struct DateTime: Encodable {
        let fallback_value: String
    }

    enum CodingKeys: String, CodingKey {
        case type, text, parameterName = "parameter_name", currency, dateTime = "date_time"
        case image, video, document, payload, couponCode = "coupon_code"
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        switch self {
        case .text(let text, let name):
            try container.encode("text", forKey: .type)
            try container.encodeIfPresent(name, forKey: .parameterName)
            try container.encode(text, forKey: .text)
        case .currency(let fallback, let code, let amount):
            try container.encode("currency", forKey: .type)
            try container.encode(Currency(fallback_value: fallback, code: code, amount_1000: amount), forKey: .currency)
        case .dateTime(let fallback):
            try container.encode("date_time", forKey: .type)
            try container.encode(DateTime(fallback_value: fallback), forKey: .dateTime)
        case .image(let media):
            try container.encode("image", forKey: .type)
            try container.encode(media, forKey: .image)
        case .video(let media):
            try container.encode("video", forKey: .type)
            try container.encode(media, forKey: .video)
        case .document(let media):
            try container.encode("document", forKey: .type)
            try container.encode(media, forKey: .document)
        case .payload(let payload):
            try container.encode("payload", forKey: .type)
            try container.encode(payload, forKey: .payload)
        case .couponCode(let code):
            try container.encode("coupon_code", forKey: .type)
            try container.encode(code, forKey: .couponCode)
        }
    }
}
