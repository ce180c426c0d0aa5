import Foundation
import Hummingbird

/// A one-time message carried across a redirect (Post/Redirect/Get) in a short-lived cookie.
struct Flash: Codable {
    static let cookieName = "relais_flash"

    /// `success` or `error`: decides the toast's colour and its ARIA role.
    let kind: String
    let message: String
    /// An optional value to show with the message and copy (an invitation link).
    let value: String?

    var isError: Bool { kind == "error" }

    func cookie(secure: Bool) -> Cookie {
        let data = (try? JSONEncoder().encode(self)) ?? Data()
        return CookieNames.make(Self.cookieName, value: SecretToken.base64URL(Array(data)), secure: secure, maxAge: 60)
    }

    static func read(from request: Request) -> Flash? {
        guard var text = request.cookies[cookieName]?.value, text.count < 4000 else { return nil }
        text = text.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        while text.count % 4 != 0 { text += "=" }
        guard let data = Data(base64Encoded: text) else { return nil }
        return try? JSONDecoder().decode(Flash.self, from: data)
    }
}
