import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import WhatsAppCloud

/// Builders for the JSON responses of the Graph surface and the control API.
enum JSONResponse {
    /// A JSON body from already-serialised bytes (the hot path builds its success body by hand).
    static func raw(_ json: String, status: HTTPResponse.Status = .ok) -> Response {
        Response(
            status: status, headers: [.contentType: "application/json; charset=UTF-8"],
            body: ResponseBody(byteBuffer: ByteBuffer(string: json)))
    }

    /// Any Encodable value as JSON.
    static func encode(_ value: some Encodable, status: HTTPResponse.Status = .ok) -> Response {
        let data = (try? JSONEncoder().encode(value)) ?? Data("{}".utf8)
        return Response(
            status: status, headers: [.contentType: "application/json; charset=UTF-8"],
            body: ResponseBody(byteBuffer: ByteBuffer(bytes: data)))
    }

    /// Meta's error JSON with the failure's HTTP status and a random `fbtrace_id`.
    static func failure(_ failure: GraphFailure) -> Response {
        let trace = "A" + String(UInt64.random(in: 0...UInt64.max), radix: 36) + String(UInt32.random(in: 0...UInt32.max), radix: 36)
        return encode(failure.body(fbtraceID: trace), status: HTTPResponse.Status(code: failure.httpStatus))
    }

    /// Control API error: `{"error": "..."}`.
    static func controlError(_ message: String, status: HTTPResponse.Status = .badRequest) -> Response {
        encode(["error": message], status: status)
    }

    /// The Bearer token of a Graph call (header, or `access_token` query parameter as Graph also accepts).
    static func bearerToken(_ request: Request) -> String? {
        if let header = request.headers[.authorization] {
            let parts = header.split(separator: " ", maxSplits: 1)
            if parts.count == 2, parts[0].lowercased() == "bearer" { return String(parts[1]) }
            return nil
        }
        return request.uri.queryParameters.get("access_token")
    }
}
