import Foundation
import Hummingbird
import NIOCore
import RelaisCore

/// A request body type that names the JSON fields it accepts, so unknown fields are refused
/// instead of silently ignored (a typo in a field name should not pass as success).
public protocol StrictDecodable: Decodable {
    static var fields: Set<String> { get }
}

/// Reads JSON request bodies: bounded in size, an object at the top, known fields only, typed.
enum JSONBody {
    static let decoder: JSONDecoder = {
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        decoder.dateDecodingStrategy = .iso8601
        return decoder
    }()

    static func decode<T: StrictDecodable>(_ type: T.Type, from request: Request, context: AppRequestContext) async throws -> T {
        let data = try await collect(request, context: context)
        guard !data.isEmpty else { throw Problem.badRequest("error.body.empty", "A JSON body is required.") }
        let object: Any
        do {
            object = try JSONSerialization.jsonObject(with: data, options: [])
        } catch {
            throw Problem.badRequest("error.body.malformed", "The body is not valid JSON.")
        }
        guard let fields = object as? [String: Any] else {
            throw Problem.badRequest("error.body.not_object", "The body must be a JSON object.")
        }
        let unknown = fields.keys.filter { !T.fields.contains($0) }.sorted()
        if !unknown.isEmpty { throw Problem.validation(unknown.map { ValidationIssue(field: $0, code: "error.field.unknown") }) }
        // PostgreSQL text cannot hold NUL: refused here rather than failing a statement later as a 500.
        if containsNul(object) { throw Problem.nulCharacter() }
        do {
            return try decoder.decode(T.self, from: data)
        } catch let error as DecodingError {
            throw Problem.validation([issue(for: error)])
        }
    }

    /// Whether any key or string in the decoded JSON holds U+0000.
    static func containsNul(_ value: Any) -> Bool {
        switch value {
        case let text as String: text.contains("\u{0}")
        case let object as [String: Any]: object.contains { $0.key.contains("\u{0}") || containsNul($0.value) }
        case let array as [Any]: array.contains { containsNul($0) }
        default: false
        }
    }

    /// Collects the body up to the context's limit; more is a 413 problem, never a partial read. A body that has not
    /// arrived in full within the context's timeout (a client trickling bytes to hold a connection) is a 408.
    static func collect(_ request: Request, context: AppRequestContext) async throws -> Data {
        let (body, limit, timeout) = (request.body, context.bodyLimit, context.bodyTimeout)
        do {
            return try await withThrowingTaskGroup(of: Data?.self) { group in
                group.addTask { Data(try await body.collect(upTo: limit).readableBytesView) }
                group.addTask {
                    try await Task.sleep(for: timeout)
                    return nil
                }
                defer { group.cancelAll() }
                guard let first = try await group.next(), let data = first else { throw Problem.requestTimeout() }
                return data
            }
        } catch is NIOTooManyBytesError {
            throw Problem.payloadTooLarge(limit: context.bodyLimit)
        }
    }

    private static func issue(for error: DecodingError) -> ValidationIssue {
        func name(_ path: [any CodingKey]) -> String {
            path.map { $0.intValue.map(String.init) ?? snakeCase($0.stringValue) }.joined(separator: ".")
        }
        switch error {
        case .typeMismatch(_, let context), .valueNotFound(_, let context):
            return ValidationIssue(field: name(context.codingPath), code: "error.field.type")
        case .keyNotFound(let key, let context):
            return ValidationIssue(field: name(context.codingPath + [key]), code: "error.required")
        case .dataCorrupted(let context):
            return ValidationIssue(field: name(context.codingPath), code: "error.field.invalid")
        @unknown default:
            return ValidationIssue(field: "", code: "error.field.invalid")
        }
    }

    private static func snakeCase(_ key: String) -> String {
        key.reduce(into: "") { result, character in
            if character.isUppercase { result += "_" + character.lowercased() } else { result.append(character) }
        }
    }
}
