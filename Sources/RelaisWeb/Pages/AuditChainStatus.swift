import RelaisCore
import RelaisStore

/// The line above the Audit log that says whether the company's hash chain recomputes ("Chain intact (N entries
/// verified)") or names its first broken entry.
struct AuditChainStatus {
    let intact: Bool
    let message: String

    init(_ report: AuditChainReport, localizer: Localizer, language: Language) {
        intact = report.intact
        if report.intact {
            message = localizer.text("audit_chain.intact", language, ["count": NumberFormats(language: language).integer(Int(report.verified))])
        } else if let id = report.brokenEntryID {
            message = localizer.text("audit_chain.broken", language, ["id": String(id), "problem": report.problem ?? ""])
        } else {
            message = localizer.text("audit_chain.broken_end", language, ["problem": report.problem ?? ""])
        }
    }
}
