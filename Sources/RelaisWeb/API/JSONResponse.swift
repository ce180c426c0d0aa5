import Foundation
import HTTPTypes
import Hummingbird
import NIOCore

/// Writes API answers: snake_case keys, RFC 3339 dates in UTC.
enum JSONResponse {
    static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.keyEncodingStrategy = .convertToSnakeCase
        encoder.dateEncodingStrategy = .iso8601
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }()

    static func make(_ value: some Encodable, status: HTTPResponse.Status = .ok) throws -> Response {
        let data = try encoder.encode(value)
        return Response(
            status: status, headers: [.contentType: "application/json; charset=utf-8"],
            body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }

    static func noContent() -> Response { Response(status: .noContent) }
}

/// The envelope of every list: a page of items and the cursor of the next page.
/// `next` is always present, `null` on the last page, as the API conventions promise.
struct Page<Item: Encodable>: Encodable {
    let data: [Item]
    let next: String?

    enum CodingKeys: String, CodingKey { case data, next }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(data, forKey: .data)
        try container.encode(next, forKey: .next)
    }
}
