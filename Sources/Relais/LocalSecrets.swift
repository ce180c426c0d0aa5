import Foundation
import RelaisStore

/// Secrets that the embedded default generates once and keeps in `.relais/secrets.json` (mode 0600),
/// so a newcomer never has to invent one and a restart keeps sessions valid.
struct LocalSecrets: Codable {
    var jwtSecret: String?
    var masterKeys: String?
    var whatsAppAppSecret: String?
    var webhookVerifyToken: String?
    var suppressionKey: String?

    /// Reads the file, generating (and saving) whatever is missing, so older files gain new secrets.
    static func loadOrCreate(in directory: URL) throws -> LocalSecrets {
        let url = directory.appendingPathComponent("secrets.json")
        var secrets = (try? Data(contentsOf: url)).flatMap { try? JSONDecoder().decode(LocalSecrets.self, from: $0) }
            ?? LocalSecrets()
        let before = try JSONEncoder().encode(secrets)
        secrets.jwtSecret = secrets.jwtSecret ?? randomHex(32)
        secrets.masterKeys = secrets.masterKeys ?? SecretBox.generateSpec()
        secrets.whatsAppAppSecret = secrets.whatsAppAppSecret ?? randomHex(24)
        secrets.webhookVerifyToken = secrets.webhookVerifyToken ?? randomHex(16)
        secrets.suppressionKey = secrets.suppressionKey ?? randomHex(32)
        if try JSONEncoder().encode(secrets) != before {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
            try encoder.encode(secrets).write(to: url, options: .atomic)
            try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: url.path)
        }
        return secrets
    }

    static func randomHex(_ bytes: Int) -> String {
        (0..<bytes).map { _ in String(format: "%02x", UInt8.random(in: 0...255)) }.joined()
    }
}
