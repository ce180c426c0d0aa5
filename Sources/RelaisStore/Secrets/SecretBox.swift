import Crypto
import Foundation
import RelaisCore

/// Encrypts secrets at rest (WhatsApp access tokens, app secrets…) with AES-256-GCM.
///
/// Each ciphertext names the key that sealed it (`v1.<key id>.<base64 nonce|ciphertext|tag>`), so keys
/// can rotate: the first key of `RELAIS_MASTER_KEYS` seals, any listed key opens. The tenant id and
/// the column name are bound as associated data: a ciphertext copied to another row, column or
/// tenant does not open.
public struct SecretBox: Sendable {
    public struct Key: Sendable {
        public let id: String
        let key: SymmetricKey
    }

    let keys: [Key]

    /// `spec` is `id:base64,id:base64` (32-byte keys); the first one seals.
    public init(spec: String) throws(SecretBoxError) {
        var keys: [Key] = []
        for entry in spec.split(separator: ",") {
            let parts = entry.split(separator: ":", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            guard parts.count == 2, !parts[0].isEmpty, parts[0].allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" }),
                let bytes = Data(base64Encoded: parts[1]), bytes.count == 32
            else { throw .invalidKeySpec }
            keys.append(Key(id: parts[0], key: SymmetricKey(data: bytes)))
        }
        guard !keys.isEmpty, Set(keys.map(\.id)).count == keys.count else { throw .invalidKeySpec }
        self.keys = keys
    }

    /// A fresh key spec with one random key, for the embedded default.
    public static func generateSpec(id: String = "k1") -> String {
        "\(id):" + SymmetricKey(size: .bits256).withUnsafeBytes { Data($0).base64EncodedString() }
    }

    public var activeKeyID: String { keys[0].id }

    /// The associated-data name of the one sealed column (WhatsApp access tokens), shared by every writer and reader.
    public static let accessTokenColumn = "whatsapp_numbers.access_token"

    public func seal(_ plaintext: String, tenant: TenantID, column: String) throws(SecretBoxError) -> String {
        let key = keys[0]
        do {
            let box = try AES.GCM.seal(Data(plaintext.utf8), using: key.key, authenticating: Self.context(tenant, column))
            guard let combined = box.combined else { throw SecretBoxError.cannotSeal }
            return "v1.\(key.id).\(combined.base64EncodedString())"
        } catch {
            throw .cannotSeal
        }
    }

    public func open(_ sealed: String, tenant: TenantID, column: String) throws(SecretBoxError) -> String {
        let parts = sealed.split(separator: ".", maxSplits: 2).map(String.init)
        guard parts.count == 3, parts[0] == "v1", let data = Data(base64Encoded: parts[2]) else { throw .malformed }
        guard let key = keys.first(where: { $0.id == parts[1] }) else { throw .unknownKey(parts[1]) }
        do {
            let plaintext = try AES.GCM.open(AES.GCM.SealedBox(combined: data), using: key.key, authenticating: Self.context(tenant, column))
            return String(decoding: plaintext, as: UTF8.self)
        } catch {
            throw .cannotOpen
        }
    }

    /// The key id a ciphertext was sealed with (for rotation: re-seal what is not under the active key).
    public static func keyID(of sealed: String) -> String? {
        let parts = sealed.split(separator: ".", maxSplits: 2)
        return parts.count == 3 ? String(parts[1]) : nil
    }

    private static func context(_ tenant: TenantID, _ column: String) -> Data { Data("relais|\(tenant)|\(column)".utf8) }
}

public enum SecretBoxError: Error, Equatable, CustomStringConvertible {
    case invalidKeySpec
    case cannotSeal
    case malformed
    case unknownKey(String)
    /// Wrong key, tampered ciphertext, or a ciphertext moved to another tenant or column.
    case cannotOpen

    public var description: String {
        switch self {
        case .invalidKeySpec: "RELAIS_MASTER_KEYS must be `id:base64-of-32-bytes[,id:…]` with distinct ids."
        case .cannotSeal: "A secret could not be encrypted."
        case .malformed: "A stored secret is malformed."
        case .unknownKey(let id): "A stored secret was sealed with key `\(id)`, which RELAIS_MASTER_KEYS no longer lists."
        case .cannotOpen: "A stored secret does not open with its key and context."
        }
    }
}
