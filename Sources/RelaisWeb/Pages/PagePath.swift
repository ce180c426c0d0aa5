import Foundation

/// Every page URL the app links or redirects to, spelled once.
enum PagePath: String, CaseIterable {
    case dashboard = "/"
    case signup = "/signup"
    case login = "/login"
    case logout = "/logout"
    case language = "/language"
    case team = "/settings/team"
    case teamInvite = "/settings/team/invite"
    case audit = "/settings/audit"
    case apiKeys = "/settings/api-keys"
    case privacy = "/settings/privacy"
    case privacyRetention = "/settings/privacy/retention"
    case backups = "/settings/backups"
    case contacts = "/contacts"
    case campaigns = "/campaigns"
    case campaignsNew = "/campaigns/new"
    case templates = "/templates"
    case reports = "/reports"
    case reportsWeekly = "/reports/weekly"
    case reportsOverviewPDF = "/reports/overview.pdf"
    case invitation = "/invite"
    case numbers = "/settings/numbers"
    case numbersSandbox = "/settings/numbers/sandbox"
    case templatesNew = "/templates/new"
    case templatesSync = "/templates/sync"

    /// `/campaigns/{id}` and its sub-paths (`edit`, `launch`…), ids written in lowercase as everywhere else.
    static func campaign(_ id: UUID, _ suffix: String? = nil) -> String {
        campaigns.rawValue + "/" + id.uuidString.lowercased() + (suffix.map { "/" + $0 } ?? "")
    }
}
