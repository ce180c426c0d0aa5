import Foundation
import NIOCore
import NIOHTTP1

extension WhatsAppClient {
    private struct MediaIDWire: Decodable {
        let id: FlexibleString
    }

    /// Uploads a file (multipart `file`, `type`, `messaging_product`) and returns its media id.
    public func uploadMedia(phoneNumberID: String, data: Data, mimeType: String, filename: String, accessToken: String)
        async throws(WhatsAppError) -> String
    {
        let boundary = "relais-\(UUID().uuidString)"
        var body = ByteBuffer()
        func field(_ name: String, _ value: String) {
            body.writeString("--\(boundary)\r\nContent-Disposition: form-data; name=\"\(name)\"\r\n\r\n\(value)\r\n")
        }
        field("messaging_product", "whatsapp")
        field("type", mimeType)
        let safeName = filename.replacingOccurrences(of: "\"", with: "_")
        body.writeString("--\(boundary)\r\nContent-Disposition: form-data; name=\"file\"; filename=\"\(safeName)\"\r\n")
        body.writeString("Content-Type: \(mimeType)\r\n\r\n")
        body.writeBytes(data)
        body.writeString("\r\n--\(boundary)--\r\n")
        let response = try await perform(
            .POST, path: "\(phoneNumberID)/media", accessToken: accessToken, body: body,
            contentType: "multipart/form-data; boundary=\(boundary)")
        return try decodeSuccess(MediaIDWire.self, from: response).id.value
    }
}
