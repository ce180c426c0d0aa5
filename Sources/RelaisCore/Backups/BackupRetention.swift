import Foundation

/// Which backups to keep: the newest of each of the last `daily` days that have a backup, plus the newest of each
/// of the last `weekly` ISO weeks (Monday to Sunday) that have one — the rule restic and borg call keep-daily and
/// keep-weekly. Days and weeks are counted in UTC, like the file names, so the answer does not move with the
/// server's time zone. Everything else may be deleted.
public struct BackupRetention: Sendable, Equatable {
    public var daily: Int
    public var weekly: Int

    public init(daily: Int = 7, weekly: Int = 4) {
        self.daily = daily
        self.weekly = weekly
    }

    /// The backups to keep among `backups` (in any order).
    public func kept(_ backups: [BackupName]) -> Set<BackupName> {
        var calendar = Calendar(identifier: .iso8601)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let newestFirst = backups.sorted(by: >)
        func newestPerPeriod(limit: Int, _ period: (Date) -> DateComponents) -> [BackupName] {
            var seen = Set<DateComponents>()
            var kept: [BackupName] = []
            for backup in newestFirst where kept.count < limit {
                if seen.insert(period(backup.takenAt)).inserted { kept.append(backup) }
            }
            return kept
        }
        let days = newestPerPeriod(limit: daily) { calendar.dateComponents([.year, .month, .day], from: $0) }
        let weeks = newestPerPeriod(limit: weekly) { calendar.dateComponents([.yearForWeekOfYear, .weekOfYear], from: $0) }
        return Set(days + weeks)
    }

    /// The backups to delete: the complement of `kept`.
    public func pruned(_ backups: [BackupName]) -> [BackupName] {
        let keep = kept(backups)
        return backups.filter { !keep.contains($0) }.sorted()
    }
}
