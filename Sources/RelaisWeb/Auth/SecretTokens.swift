import Crypto
import Foundation
import RelaisCore

/// Opaque bearer secrets (refresh tokens, session cookies, invitation links) that carry their tenant.
///
/// Format: `<kind>.<tenant uuid without dashes>.<32 random bytes, base64url>`. Only a
/// SHA-256 digest is stored, so a database leak yields no usable secret; the tenant
/// part lets the holder's request open the right tenant transaction without any
/// cross-tenant lookup.
enum SecretToken {
    enum Kind: String {
        case refresh = "rt"
        case session = "ss"
        case invitation = "iv"
    }

    static func make(_ kind: Kind, tenant: TenantID) -> String {
        let random = randomBytes()
        return "\(kind.rawValue).\(tenant.rawValue.uuidString.replacingOccurrences(of: "-", with: "").lowercased()).\(base64URL(random))"
    }

    /// The tenant of a well-formed token of `kind`; nil for anything else (never throws on hostile input).
    static func tenant(of token: String, kind: Kind) -> TenantID? {
        let parts = token.split(separator: ".", omittingEmptySubsequences: false)
        guard token.utf8.count < 200, parts.count == 3, parts[0] == kind.rawValue, parts[1].count == 32, parts[2].count >= 40 else {
            return nil
        }
        let hex = Array(parts[1])
        let dashed = [0..<8, 8..<12, 12..<16, 16..<20, 20..<32].map { String(hex[$0]) }.joined(separator: "-")
        return UUID(uuidString: dashed).map(TenantID.init)
    }

    static func digest(_ token: String) -> String {
        SHA256.hash(data: Data(token.utf8)).map { String(format: "%02x", $0) }.joined()
    }

    /// 32 bytes from BoringSSL's CSPRNG in one call (drawing them one `UInt8.random` at a time costs a system call each,
    /// and a CSRF token is drawn on many requests).
    static func randomBytes() -> [UInt8] {
        SymmetricKey(size: .bits256).withUnsafeBytes { Array($0) }
    }

    /// Base64url without padding (RFC 4648 §5), rewritten byte by byte: Foundation's `replacingOccurrences` bridges
    /// through NSString, which showed on the profile of every request that drew a CSRF token.
    static func base64URL(_ bytes: [UInt8]) -> String {
        let standard = Data(bytes).base64EncodedData()
        var url: [UInt8] = []
        url.reserveCapacity(standard.count)
        for byte in standard {
            switch byte {
            case UInt8(ascii: "+"): url.append(UInt8(ascii: "-"))
            case UInt8(ascii: "/"): url.append(UInt8(ascii: "_"))
            case UInt8(ascii: "="): continue
            default: url.append(byte)
            }
        }
        return String(decoding: url, as: UTF8.self)
    }
}
