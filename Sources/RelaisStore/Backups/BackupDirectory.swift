import Foundation
import RelaisCore

#if canImport(Glibc)
import Glibc
#endif

/// The folder that holds the backups (`RELAIS_BACKUP_DIR`): lists them, and prunes them by a `BackupRetention`.
public struct BackupDirectory: Sendable {
    public let url: URL

    public init(url: URL) { self.url = url }

    /// The complete backups (a dump whose name parses), newest first. Temporary files of a backup under way are not
    /// listed: they only get their final name once written and synced.
    public func list() throws -> [BackupFile] {
        guard FileManager.default.fileExists(atPath: url.path) else { return [] }
        return try FileManager.default.contentsOfDirectory(atPath: url.path)
            .filter { BackupName(fileName: $0) != nil }
            .compactMap { try? BackupFile.at(url.appendingPathComponent($0).path) }
            .sorted { $0.name > $1.name }
    }

    /// Deletes the backups `retention` does not keep, with their checksum files; returns what was deleted.
    @discardableResult
    public func prune(_ retention: BackupRetention) throws -> [BackupFile] {
        let files = try list()
        let doomed = Set(retention.pruned(files.map(\.name)))
        let deleted = files.filter { doomed.contains($0.name) }
        for file in deleted {
            try FileManager.default.removeItem(at: file.url)
            try? FileManager.default.removeItem(at: file.checksumURL)
        }
        return deleted
    }

    /// Flushes a file's data to disk (before it is renamed into place) or, for a folder, the renames in it.
    static func fsync(_ path: String) {
        let descriptor = open(path, O_RDONLY)
        guard descriptor >= 0 else { return }
        _ = Glibc.fsync(descriptor)
        close(descriptor)
    }
}
