/// A media object of a send: by uploaded media id or by public HTTPS link.
public struct MediaReference: Sendable, Hashable, Encodable {
    public var id: String?
    public var link: String?
    /// Not allowed on audio/sticker; Meta shows it under the media.
    public var caption: String?
    /// Only meaningful for documents.
    public var filename: String?

    /// Media by public HTTPS link.
    public static func link(_ link: String, caption: String? = nil, filename: String? = nil) -> MediaReference {
        MediaReference(id: nil, link: link, caption: caption, filename: filename)
    }

    /// Media by id from ``WhatsAppClient/uploadMedia(phoneNumberID:data:mimeType:filename:accessToken:)``.
    public static func id(_ id: String, caption: String? = nil, filename: String? = nil) -> MediaReference {
        MediaReference(id: id, link: nil, caption: caption, filename: filename)
    }

    public init(id: String?, link: String?, caption: String?, filename: String?) {
        self.id = id
        self.link = link
        self.caption = caption
        self.filename = filename
    }
}
