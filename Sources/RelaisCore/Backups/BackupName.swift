import Foundation

/// The file name of a backup, `relais-20261202T030000Z.dump`: the UTC time it was taken, so names sort by age
/// and an operator reads the date without opening anything. Its checksum sits beside it as `….dump.sha256`.
public struct BackupName: Sendable, Hashable, Comparable {
    public let takenAt: Date

    public init(takenAt: Date) {
        // Whole seconds: the name has no finer precision, and a parsed name must equal the one it came from.
        self.takenAt = Date(timeIntervalSince1970: takenAt.timeIntervalSince1970.rounded(.down))
    }

    /// Parses `relais-YYYYMMDDTHHMMSSZ.dump`; nil for any other file (temporary files, checksums, strangers).
    public init?(fileName: String) {
        guard fileName.hasPrefix("relais-"), fileName.hasSuffix(".dump"), fileName.count == "relais-20261202T030000Z.dump".count,
            let date = Self.formatter().date(from: String(fileName.dropFirst(7).dropLast(5)))
        else { return nil }
        self.init(takenAt: date)
    }

    public var fileName: String { "relais-\(Self.formatter().string(from: takenAt)).dump" }
    public var checksumFileName: String { fileName + ".sha256" }

    public static func < (lhs: BackupName, rhs: BackupName) -> Bool { lhs.takenAt < rhs.takenAt }

    private static func formatter() -> DateFormatter {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyyMMdd'T'HHmmss'Z'"
        return formatter
    }
}
