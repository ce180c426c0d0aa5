/// `GET /{media-id}` answer.
struct MediaObject: Encodable {
    var messaging_product = "whatsapp"
    let url: String
    let mime_type: String
    let sha256: String
    let file_size: Int
    let id: String
}
