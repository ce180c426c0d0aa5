/// Every kind of state-changing action the audit log records. Stored as its raw value.
public enum AuditAction: String, Sendable, Codable, CaseIterable {
    case companySignedUp = "company.signed_up"
    case companyUpdated = "company.updated"
    case userLoggedIn = "user.logged_in"
    case userLoginFailed = "user.login_failed"
    case userLoggedOut = "user.logged_out"
    case userInvited = "user.invited"
    case userPasswordSet = "user.password_set"
    case userRoleChanged = "user.role_changed"
    case userUpdated = "user.updated"
    case userRemoved = "user.removed"
    case sessionRefreshReuse = "session.refresh_reuse_detected"
}
