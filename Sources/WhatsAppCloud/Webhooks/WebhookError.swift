/// An error object of a webhook (`statuses[].errors[]`, `value.errors[]`, unsupported messages).
public struct WebhookError: Sendable, Hashable, Decodable {
    public var code: Int
    public var title: String?
    public var message: String?
    public var details: String?
    public var href: String?

    private struct ErrorData: Decodable {
        let details: String?
    }

    enum CodingKeys: String, CodingKey { case code, title, message, errorData = "error_data", href }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        code = Int(try container.decode(FlexibleString.self, forKey: .code).value) ?? 0
        title = try container.decodeIfPresent(String.self, forKey: .title)
        message = try container.decodeIfPresent(String.self, forKey: .message)
        details = (try? container.decodeIfPresent(ErrorData.self, forKey: .errorData))?.details
        href = try container.decodeIfPresent(String.self, forKey: .href)
    }

    /// The sender's disposition for this asynchronous failure, from the same catalogue as synchronous errors.
    public var disposition: WhatsAppErrorDisposition {
        WhatsAppErrorCatalog.disposition(code: code, httpStatus: nil)
    }
}
