import Foundation
import Hummingbird
import NIOCore
import Synchronization

extension GraphController {
    /// `POST /{phone-number-id}/media` (multipart `file`, `type`, `messaging_product`) → `{"id"}`.
    func uploadMedia(_ request: Request, context: SimulatorRequestContext) async throws -> Response {
        guard Self.majorVersion(context) != nil else { return JSONResponse.failure(Self.badVersion) }
        let id = context.parameters.get("id") ?? ""
        var request = request
        let body = try await request.collectBody(upTo: context.maxUploadSize)
        let text = String(decoding: body.readableBytesView, as: UTF8.self)
        let token = JSONResponse.bearerToken(request)
        let result = store.state.withLock { state -> Result<String, GraphFailure> in
            state.authorize(token: token, objectID: id, method: "post").flatMap { _ in
                guard text.contains("name=\"messaging_product\"") else {
                    return .failure(.missingParameter("Parameter 'messaging_product' is required."))
                }
                guard text.contains("name=\"file\"") else { return .failure(.missingParameter("Parameter 'file' is required.")) }
                let mime = Self.formField("type", in: text) ?? "application/octet-stream"
                let mediaID = state.mintMediaID()
                state.media[mediaID] = StoredMedia(mimeType: mime, content: Self.filePart(of: Array(body.readableBytesView)))
                return .success(mediaID)
            }
        }
        switch result {
        case .success(let mediaID): return JSONResponse.raw(#"{"id":"\#(mediaID)"}"#)
        case .failure(let failure): return JSONResponse.failure(failure)
        }
    }

    /// `DELETE /{media-id}` → `{"success":true}`.
    func deleteMedia(_ request: Request, context: SimulatorRequestContext) -> Response {
        guard Self.majorVersion(context) != nil else { return JSONResponse.failure(Self.badVersion) }
        let id = context.parameters.get("id") ?? ""
        let token = JSONResponse.bearerToken(request)
        let failure = store.state.withLock { state -> GraphFailure? in
            guard state.tokens[token ?? ""] != nil else { return .invalidToken(expired: false) }
            return state.media.removeValue(forKey: id) == nil ? .unknownObject(id, method: "delete") : nil
        }
        return failure.map(JSONResponse.failure) ?? JSONResponse.raw(#"{"success":true}"#)
    }

    /// The download URL `GET /whatsapp_business/attachments/?mid=…`: the bytes, with any valid token (as Meta's URL
    /// needs the business token).
    func downloadMedia(_ request: Request) -> Response {
        let id = request.uri.queryParameters.get("mid") ?? ""
        let token = JSONResponse.bearerToken(request)
        let result = store.state.withLock { state -> Result<StoredMedia, GraphFailure> in
            guard state.tokens[token ?? ""] != nil else { return .failure(.invalidToken(expired: false)) }
            return state.media[id].map { .success($0) } ?? .failure(.unknownObject(id, method: "get"))
        }
        switch result {
        case .success(let media):
            var headers = HTTPFields()
            headers[.contentType] = media.mimeType
            return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: media.content)))
        case .failure(let failure): return JSONResponse.failure(failure)
        }
    }

    /// The content of the `file` part of a multipart body (the whole body if it has none that can be read).
    static func filePart(of body: [UInt8]) -> [UInt8] {
        let separator = Array("\r\n\r\n".utf8)
        guard let nameRange = body.firstRange(of: Array("name=\"file\"".utf8)),
            let headerEnd = body[nameRange.upperBound...].firstRange(of: separator)
        else { return body }
        // The part ends at the next boundary line, which starts with CRLF and two dashes.
        let rest = body[headerEnd.upperBound...]
        guard let end = rest.firstRange(of: Array("\r\n--".utf8)) else { return Array(rest) }
        return Array(rest[..<end.lowerBound])
    }

    /// The value of a small text field of a multipart body.
    static func formField(_ name: String, in body: String) -> String? {
        guard let start = body.range(of: "name=\"\(name)\"\r\n\r\n") else { return nil }
        let rest = body[start.upperBound...]
        guard let end = rest.range(of: "\r\n") else { return nil }
        return String(rest[..<end.lowerBound])
    }
}
