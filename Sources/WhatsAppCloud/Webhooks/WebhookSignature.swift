import Crypto
import Foundation

/// `X-Hub-Signature-256`: `sha256=` + hex HMAC-SHA256 of the exact body bytes, keyed by the app secret.
public struct WebhookSignature: Sendable {
    /// The header Meta signs with.
    public static let headerName = "X-Hub-Signature-256"

    private let key: SymmetricKey

    public init(appSecret: String) {
        key = SymmetricKey(data: Data(appSecret.utf8))
    }

    /// The header value for `body`.
    public func signature(for body: some DataProtocol) -> String {
        let mac = HMAC<SHA256>.authenticationCode(for: body, using: key)
        return "sha256=" + mac.map { byte in
            let hex = String(byte, radix: 16)
            return byte < 16 ? "0" + hex : hex
        }.joined()
    }

    /// Checks a received header against the raw body; the comparison of the MAC runs in constant time.
    public func isValid(_ header: String?, body: some DataProtocol) -> Bool {
        guard let header, header.count == 71, header.hasPrefix("sha256=") else { return false }
        guard let received = Self.bytes(fromHex: header.dropFirst(7)) else { return false }
        // HMAC.isValidAuthenticationCode compares without early exit.
        return HMAC<SHA256>.isValidAuthenticationCode(received, authenticating: body, using: key)
    }

    private static func bytes(fromHex hex: Substring) -> Data? {
        var data = Data(capacity: hex.count / 2)
        var iterator = hex.utf8.makeIterator()
        while let high = iterator.next() {
            guard let low = iterator.next(), let h = nibble(high), let l = nibble(low) else { return nil }
            data.append(h << 4 | l)
        }
        return data
    }

    private static func nibble(_ char: UInt8) -> UInt8? {
        switch char {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): char - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): char - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): char - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}
