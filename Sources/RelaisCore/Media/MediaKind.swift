/// What a template's media header shows, with the files WhatsApp accepts for it (the reference's section 6):
/// an image is a JPEG or PNG of at most 5 MB, a video an MP4 or 3GPP of at most 16 MB, a document a PDF.
/// Documents may be 100 MB at Meta; Relais keeps them to 16 MB, the size of one upload it holds in memory.
public enum MediaKind: String, Sendable, CaseIterable {
    case image
    case video
    case document

    /// The kind a template header format (`IMAGE`, `VIDEO`, `DOCUMENT`) takes; nil for text or location.
    public init?(headerFormat: String?) {
        switch headerFormat {
        case "IMAGE": self = .image
        case "VIDEO": self = .video
        case "DOCUMENT": self = .document
        default: return nil
        }
    }

    /// The kind of a stored MIME type.
    public init?(mimeType: String) {
        guard let kind = Self.allCases.first(where: { $0.mimeTypes.contains(mimeType) }) else { return nil }
        self = kind
    }

    public var mimeTypes: [String] {
        switch self {
        case .image: ["image/jpeg", "image/png"]
        case .video: ["video/mp4", "video/3gpp"]
        case .document: ["application/pdf"]
        }
    }

    public var maxBytes: Int {
        switch self {
        case .image: 5 * 1024 * 1024
        case .video, .document: 16 * 1024 * 1024
        }
    }

    /// The largest file of any kind.
    public static let maxBytes = allCases.map(\.maxBytes).max() ?? 0
}
