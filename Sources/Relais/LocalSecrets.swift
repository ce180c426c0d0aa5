import Foundation

/// Secrets that the embedded default generates once and keeps in `.relais/secrets.json` (mode 0600),
/// so a newcomer never has to invent one and a restart keeps sessions valid.
struct LocalSecrets: Codable {
    var jwtSecret: String

    static func loadOrCreate(in directory: URL) throws -> LocalSecrets {
        let url = directory.appendingPathComponent("secrets.json")
        if let data = try? Data(contentsOf: url) {
            return try JSONDecoder().decode(LocalSecrets.self, from: data)
        }
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let secrets = LocalSecrets(jwtSecret: randomHex(32))
        try JSONEncoder().encode(secrets).write(to: url, options: .atomic)
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: url.path)
        return secrets
    }

    static func randomHex(_ bytes: Int) -> String {
        (0..<bytes).map { _ in String(format: "%02x", UInt8.random(in: 0...255)) }.joined()
    }
}
