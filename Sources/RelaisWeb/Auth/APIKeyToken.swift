import Crypto
import Foundation

/// The text of an API key: `rls_<12-char prefix>_<32 random bytes, base64url>`.
///
/// `rls_` tells keys apart from JWTs (which start `ey`) at a glance and lets secret scanners find leaked keys; the
/// prefix is public and finds the key's row; only a SHA-256 digest of the whole key is stored (32 random bytes
/// need no slow hash), compared in constant time.
enum APIKeyToken {
    static let scheme = "rls_"
    static let prefixLength = 12
    private static let alphabet = Array("abcdefghijklmnopqrstuvwxyz0123456789")

    /// A fresh key and its prefix.
    static func make() -> (prefix: String, key: String) {
        let prefix = String((0..<prefixLength).map { _ in alphabet.randomElement()! })
        return (prefix, scheme + prefix + "_" + SecretToken.base64URL(SecretToken.randomBytes()))
    }

    /// The prefix of a well-formed key; nil for anything else (never throws on hostile input).
    static func prefix(of key: String) -> String? {
        let bytes = Array(key.utf8)
        guard key.hasPrefix(scheme), bytes.count == scheme.utf8.count + prefixLength + 1 + 43 else { return nil }
        let prefix = bytes[4..<(4 + prefixLength)]
        guard bytes[4 + prefixLength] == UInt8(ascii: "_"),
            prefix.allSatisfy({ (0x61...0x7a).contains($0) || (0x30...0x39).contains($0) })
        else { return nil }
        return String(decoding: prefix, as: UTF8.self)
    }

    static func digest(_ key: String) -> String { SecretToken.digest(key) }

    /// Whether a header value is an API key rather than a JWT.
    static func looksLikeKey(_ token: String) -> Bool { token.hasPrefix(scheme) }
}
