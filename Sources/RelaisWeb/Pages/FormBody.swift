import Foundation
import Hummingbird

/// Reads `application/x-www-form-urlencoded` bodies of our forms and checks their CSRF field.
enum FormBody {
    /// The form's fields (last value wins); throws the CSRF problem when the hidden field does not match the cookie.
    static func read(_ request: Request, context: AppRequestContext) async throws -> [String: String] {
        let data = try await JSONBody.collect(request, context: context)
        var fields: [String: String] = [:]
        for pair in String(decoding: data, as: UTF8.self).split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard let key = decode(parts[0]) else { continue }
            fields[key] = parts.count > 1 ? decode(parts[1]) ?? "" : ""
        }
        guard let sent = fields["csrf_token"], let expected = context.csrfToken, constantTimeEqual(sent, expected) else {
            throw Problem.csrf()
        }
        return fields
    }

    private static func decode(_ part: Substring) -> String? {
        String(part).replacingOccurrences(of: "+", with: " ").removingPercentEncoding
    }

    static func constantTimeEqual(_ a: String, _ b: String) -> Bool {
        let x = Array(a.utf8)
        let y = Array(b.utf8)
        guard x.count == y.count else { return false }
        return zip(x, y).reduce(0) { $0 | ($1.0 ^ $1.1) } == 0
    }
}
