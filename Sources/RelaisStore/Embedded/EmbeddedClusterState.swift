import Foundation

/// What the launcher remembers about its cluster between runs, kept in `.relais/postgres.json` (mode 0600).
struct EmbeddedClusterState: Codable, Sendable {
    var dataDirectory: String
    var port: Int
    var ownerPassword: String
    var applicationPassword: String

    static func load(from url: URL) throws(EmbeddedClusterError) -> EmbeddedClusterState? {
        guard FileManager.default.fileExists(atPath: url.path) else { return nil }
        do {
            return try JSONDecoder().decode(EmbeddedClusterState.self, from: Data(contentsOf: url))
        } catch {
            throw .stateUnreadable(url.path)
        }
    }

    func save(to url: URL) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        try encoder.encode(self).write(to: url, options: .atomic)
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: url.path)
    }

    /// 32 random bytes as hex: safe inside SQL literals and URLs without escaping.
    static func randomSecret() -> String {
        var generator = SystemRandomNumberGenerator()
        return (0..<32).map { _ in String(format: "%02x", UInt8.random(in: 0...255, using: &generator)) }.joined()
    }
}
