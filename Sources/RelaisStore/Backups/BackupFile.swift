import Crypto
import Foundation
import RelaisCore

/// One backup on disk: the dump and its `sha256sum`-format checksum file beside it.
public struct BackupFile: Sendable, Equatable {
    public let name: BackupName
    public let url: URL
    public let sizeBytes: Int64

    public var checksumURL: URL { url.deletingLastPathComponent().appendingPathComponent(name.checksumFileName) }

    /// The SHA-256 of a file, read in 1 MiB pieces so a large dump never sits in memory.
    static func sha256(of url: URL) throws -> String {
        let handle = try FileHandle(forReadingFrom: url)
        defer { try? handle.close() }
        var hasher = SHA256()
        while let chunk = try handle.read(upToCount: 1 << 20), !chunk.isEmpty { hasher.update(data: chunk) }
        return hasher.finalize().map { String(format: "%02x", $0) }.joined()
    }

    /// Compares the dump with its checksum file; throws `BackupError` when the file is missing or differs.
    public func verify() throws {
        guard let line = try? String(contentsOf: checksumURL, encoding: .utf8),
            let expected = line.split(separator: " ").first.map(String.init), expected.count == 64
        else { throw BackupError.checksumMissing(checksumURL.path) }
        guard try Self.sha256(of: url) == expected.lowercased() else { throw BackupError.checksumMismatch(url.path) }
    }

    /// The backup at `path` (a `relais-….dump` file), with its size.
    public static func at(_ path: String) throws -> BackupFile {
        let url = URL(fileURLWithPath: path)
        guard let name = BackupName(fileName: url.lastPathComponent) else { throw BackupError.notABackup(path) }
        guard let attributes = try? FileManager.default.attributesOfItem(atPath: url.path) else { throw BackupError.notABackup(path) }
        return BackupFile(name: name, url: url, sizeBytes: (attributes[.size] as? NSNumber)?.int64Value ?? 0)
    }
}

/// Why a backup or a restore did not happen.
public enum BackupError: Error, CustomStringConvertible, Sendable {
    case notABackup(String)
    case checksumMissing(String)
    case checksumMismatch(String)
    case targetNotEmpty(String)
    case toolFailed(String)

    public var description: String {
        switch self {
        case .notABackup(let path): "\(path) is not a Relais backup (expected a readable relais-YYYYMMDDTHHMMSSZ.dump file)."
        case .checksumMissing(let path): "The checksum file \(path) is missing or unreadable: the backup cannot be verified, so it is not restored."
        case .checksumMismatch(let path): "\(path) does not match its checksum: the file is damaged or was changed. Nothing was restored."
        case .targetNotEmpty(let database):
            "The database \(database) is not empty. Restore only into an empty database (create a new one, or a fresh data directory)."
        case .toolFailed(let output): output
        }
    }
}
