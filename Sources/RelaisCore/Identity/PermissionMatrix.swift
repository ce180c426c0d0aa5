/// The written permission matrix: which role holds which permission.
///
/// Operators draft and work with contacts; managers also launch and export;
/// admins also manage users, numbers, settings and read the audit log.
public enum PermissionMatrix {
    /// The roles that hold each permission. Kept as data so a reviewer reads it at a glance.
    public static let grants: [Permission: Set<Role>] = [
        .viewDashboard: [.admin, .manager, .operator],
        .viewOwnProfile: [.admin, .manager, .operator],
        .viewTeam: [.admin, .manager, .operator],
        .manageUsers: [.admin],
        .viewAuditLog: [.admin],
        .manageSettings: [.admin],
        .manageNumbers: [.admin],
        .viewTemplates: [.admin, .manager, .operator],
        .manageTemplates: [.admin, .manager],
        .manageContacts: [.admin, .manager, .operator],
        .importContacts: [.admin, .manager, .operator],
        .draftCampaigns: [.admin, .manager, .operator],
        .launchCampaigns: [.admin, .manager],
        .viewReports: [.admin, .manager, .operator],
        .exportReports: [.admin, .manager],
        .manageAPIKeys: [.admin],
        // A data subject's request is answered by whoever may export or delete data wholesale: not operators.
        .exportPersonalData: [.admin, .manager],
        .eraseContacts: [.admin, .manager],
        // Backups hold every tenant's data (the whole database): on a shared server only its operator should
        // trigger them; within the product the tenant's admins see their state and may start one.
        .manageBackups: [.admin],
    ]

    /// Whether `role` holds `permission`. A permission missing from the table is held by nobody.
    public static func allows(_ role: Role, _ permission: Permission) -> Bool {
        grants[permission]?.contains(role) ?? false
    }
}
