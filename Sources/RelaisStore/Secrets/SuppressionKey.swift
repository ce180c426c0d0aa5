import Crypto
import Foundation

/// The server secret behind the suppression list's keyed digest (`RELAIS_SUPPRESSION_KEY`): HMAC-SHA256 of
/// `tenant:phone`. The key never enters the database; each tenant transaction hands PostgreSQL the key's HMAC
/// pads (RFC 2104), from which `relais_suppression_digest` computes the same HMAC with the built-in sha256.
/// A dump of the database therefore holds digests nobody can test phone numbers against without the key.
public struct SuppressionKey: Sendable {
    let key: SymmetricKey
    /// The block-sized key XOR 0x36 and XOR 0x5c, hex-encoded, as `relais.suppression_ipad` / `_opad`.
    let innerPadHex: String
    let outerPadHex: String

    /// The UTF-8 bytes of `secret` are the HMAC key (hashed first when longer than SHA-256's 64-byte block).
    public init(secret: String) {
        var bytes = Array(secret.utf8)
        key = SymmetricKey(data: bytes)
        if bytes.count > 64 { bytes = Array(SHA256.hash(data: bytes)) }
        bytes += [UInt8](repeating: 0, count: 64 - bytes.count)
        func hex(_ pad: UInt8) -> String { bytes.map { String(format: "%02x", $0 ^ pad) }.joined() }
        innerPadHex = hex(0x36)
        outerPadHex = hex(0x5c)
    }

    /// The digest PostgreSQL stores for `phone` of `tenant`; computed here only to check the SQL against it.
    public func digest(tenant: UUID, phone: String) -> Data {
        Data(HMAC<SHA256>.authenticationCode(for: Data("\(tenant.uuidString.lowercased()):\(phone)".utf8), using: key))
    }
}
