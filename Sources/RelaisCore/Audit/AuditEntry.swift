import Foundation

/// One line of a company's audit log: who did what to which thing, from where, when.
public struct AuditEntry: Sendable, Equatable {
    public let id: Int64
    public let at: Date
    public let userID: UserID?
    /// The acting user's name at read time, when they still exist.
    public let userName: String?
    public let action: String
    public let targetType: String?
    public let targetID: String?
    public let ip: String?
    /// The change as JSON text, secrets never included.
    public let details: String

    public init(
        id: Int64, at: Date, userID: UserID?, userName: String?, action: String, targetType: String?, targetID: String?,
        ip: String?, details: String
    ) {
        self.id = id
        self.at = at
        self.userID = userID
        self.userName = userName
        self.action = action
        self.targetType = targetType
        self.targetID = targetID
        self.ip = ip
        self.details = details
    }
}

/// An audit entry about to be written.
public struct AuditRecord: Sendable {
    public let action: AuditAction
    public let actor: UserID?
    public let targetType: String?
    public let targetID: String?
    public let ip: String?
    public let requestID: String?
    /// What changed, as string pairs; callers never put secrets here.
    public let details: [String: String]

    public init(
        action: AuditAction, actor: UserID?, targetType: String? = nil, targetID: String? = nil, ip: String?, requestID: String?,
        details: [String: String] = [:]
    ) {
        self.action = action
        self.actor = actor
        self.targetType = targetType
        self.targetID = targetID
        self.ip = ip
        self.requestID = requestID
        self.details = details
    }
}
