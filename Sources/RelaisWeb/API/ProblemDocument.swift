import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import RelaisCore

/// The JSON shape of a problem (RFC 9457), with Relais's `code` and `errors` extensions.
struct ProblemDocument: Encodable {
    struct FieldError: Encodable {
        let field: String
        let code: String
        let message: String
    }

    let type: String
    let title: String
    let status: Int
    let detail: String
    let code: String
    let errors: [FieldError]?
    let extensions: [String: String]

    private struct Key: CodingKey {
        let stringValue: String
        var intValue: Int? { nil }
        init(_ string: String) { stringValue = string }
        init?(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: Key.self)
        try container.encode(type, forKey: Key("type"))
        try container.encode(title, forKey: Key("title"))
        try container.encode(status, forKey: Key("status"))
        try container.encode(detail, forKey: Key("detail"))
        try container.encode(code, forKey: Key("code"))
        try container.encodeIfPresent(errors, forKey: Key("errors"))
        for (key, value) in extensions where !["type", "title", "status", "detail", "code", "errors"].contains(key) {
            try container.encode(value, forKey: Key(key))
        }
    }

    init(_ problem: Problem, localizer: Localizer) {
        self.type = "https://relais.app/problems/" + problem.code.replacingOccurrences(of: ".", with: "-")
        self.title = problem.status.reasonPhrase
        self.status = problem.status.code
        self.detail = problem.detail
        self.code = problem.code
        self.errors =
            problem.issues.isEmpty
            ? nil
            : problem.issues.map { FieldError(field: $0.field, code: $0.code, message: localizer.text($0.code, .en)) }
        self.extensions = problem.extensions
    }

    func response(retryAfter: Int?) -> Response {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let body = (try? encoder.encode(self)) ?? Data("{}".utf8)
        var headers: HTTPFields = [.contentType: "application/problem+json"]
        if let retryAfter { headers[.retryAfter] = String(retryAfter) }
        return Response(status: .init(code: status), headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: body)))
    }
}
