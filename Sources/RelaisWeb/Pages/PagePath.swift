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
    case contacts = "/contacts"
    case campaigns = "/campaigns"
    case templates = "/templates"
    case reports = "/reports"
    case invitation = "/invite"
}
