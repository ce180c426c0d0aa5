/// Everything a route can require. Each route names exactly one permission;
/// `PermissionMatrix` is the one place that says which roles hold it.
public enum Permission: String, Sendable, CaseIterable {
    case viewDashboard
    case viewOwnProfile
    case viewTeam
    case manageUsers
    case viewAuditLog
    case manageSettings
    case manageNumbers
    case viewTemplates
    case manageTemplates
    case manageContacts
    case importContacts
    case draftCampaigns
    case launchCampaigns
    case viewReports
    case exportReports
    case manageAPIKeys
    /// Export everything about one contact (a data subject's access request).
    case exportPersonalData
    /// Erase a contact and anonymise their messages; cannot be undone.
    case eraseContacts
    /// See the backups and start one.
    case manageBackups
}
