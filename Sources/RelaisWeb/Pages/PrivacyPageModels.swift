import Foundation
import RelaisCore
import RelaisStore

/// Settings → Privacy: the statements come from the catalogue; the figures (retention) from the company.
struct PrivacyPageModel {
    let retentionMonths: Int
    let retentionMessages: String
    let retentionBackups: String
    let canEdit: Bool

    init(retentionMonths: Int, canEdit: Bool, localizer: Localizer, language: Language) {
        self.retentionMonths = retentionMonths
        self.retentionMessages = localizer.text("privacy.retention_messages", language, ["months": String(retentionMonths)])
        self.retentionBackups = localizer.text("privacy.retention_backups", language)
        self.canEdit = canEdit
    }
}

/// Settings → Backups: the schedule, the last success, the files kept on this node and the latest attempts.
struct BackupsPageModel {
    struct Success {
        let at: String
        let file: String
        let size: String
    }

    struct File {
        let name: String
        let at: String
        let size: String
    }

    struct Run {
        let at: String
        let node: String
        let outcome: String
        let css: String
        let size: String
    }

    let lead: String
    let keep: String
    let scheduled: Bool
    let directory: String
    let lastSuccess: Success?
    let files: [File]
    let noFiles: Bool
    let runs: [Run]
    let hasRuns: Bool

    init(_ status: BackupService.Status, localizer: Localizer, language: Language, timezone: String) {
        let dates = DateFormats(language: language, timezone: timezone)
        let numbers = NumberFormats(language: language)
        func size(_ bytes: Int64?) -> String {
            guard let bytes else { return "—" }
            return localizer.text("backups.size_kb", language, ["size": numbers.integer(Int((bytes + 1023) / 1024))])
        }
        lead = localizer.text("backups.lead", language, ["time": status.schedule.description])
        keep = localizer.text(
            "backups.keep", language, ["daily": String(status.retention.daily), "weekly": String(status.retention.weekly)])
        scheduled = status.scheduled
        directory = status.directory
        lastSuccess = status.lastSuccess.map {
            Success(at: dates.dateTime($0.finishedAt ?? $0.startedAt), file: $0.fileName ?? "—", size: size($0.sizeBytes))
        }
        files = status.files.map { File(name: $0.name.fileName, at: dates.dateTime($0.name.takenAt), size: size($0.sizeBytes)) }
        noFiles = files.isEmpty
        runs = status.runs.map { run in
            let (key, css) =
                switch run.succeeded {
                case true?: ("backups.ok", "badge-state-completed")
                case false?: ("backups.failed", "badge-state-failed")
                case nil: ("backups.running", "badge-state-running")
                }
            return Run(at: dates.dateTime(run.startedAt), node: run.node, outcome: localizer.text(key, language), css: css, size: size(run.sizeBytes))
        }
        hasRuns = !runs.isEmpty
    }
}
