import AsyncHTTPClient
import Foundation
import NIOCore

/// Meta's GET verification of a callback URL (reference section 4): `hub.mode=subscribe`, a random `hub.challenge`
/// and the verify token; the receiver passes by answering 200 with the challenge as its body.
enum WebhookHandshake {
    /// One attempt: the receiver's HTTP status (0 when it did not answer) and whether it echoed the challenge.
    static func attempt(_ callbackURL: String, verifyToken: String, httpClient: HTTPClient, timeout: Duration) async -> (status: Int, passed: Bool) {
        let challenge = String(UInt32.random(in: 1_000_000...UInt32.max))
        let token = verifyToken.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? verifyToken
        let separator = callbackURL.contains("?") ? "&" : "?"
        let url = "\(callbackURL)\(separator)hub.mode=subscribe&hub.challenge=\(challenge)&hub.verify_token=\(token)"
        guard let response = try? await httpClient.execute(HTTPClientRequest(url: url), timeout: .nanoseconds(timeout.nanoseconds)) else {
            return (0, false)
        }
        let body = try? await response.body.collect(upTo: 1 << 16)
        return (Int(response.status.code), response.status == .ok && body.map { String(buffer: $0) } == challenge)
    }
}
