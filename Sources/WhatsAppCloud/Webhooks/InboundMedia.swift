/// A media object of an inbound message; `id` is downloadable through the media endpoint.
public struct InboundMedia: Sendable, Hashable, Decodable {
    public var id: String
    public var mimeType: String?
    public var sha256: String?
    public var caption: String?
    public var filename: String?

    enum CodingKeys: String, CodingKey { case id, mimeType = "mime_type", sha256, caption, filename }
}
