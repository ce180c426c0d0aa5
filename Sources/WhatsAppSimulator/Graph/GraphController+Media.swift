import Foundation
import Hummingbird
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
                let mediaID = String(1_037_543_291_540_000 + state.nextSequence())
                state.media[mediaID] = (mime, body.readableBytes)
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

    /// The value of a small text field of a multipart body.
    static func formField(_ name: String, in body: String) -> String? {
        guard let start = body.range(of: "name=\"\(name)\"\r\n\r\n") else { return nil }
        let rest = body[start.upperBound...]
        guard let end = rest.range(of: "\r\n") else { return nil }
        return String(rest[..<end.lowerBound])
    }
}
