import Foundation
import RelaisCore

/// The Team page: members with their roles, and what the viewer may do with each.
struct TeamPageModel {
    struct Member {
        let id: String
        let name: String
        let email: String
        let roleLabel: String
        let pending: Bool
        let isSelf: Bool
        let roles: [RoleOption]
    }

    struct RoleOption {
        let value: String
        let label: String
        let selected: Bool
    }

    let members: [Member]
    let canManage: Bool
    let count: Int
    let roleOptions: [RoleOption]

    init(users: [User], viewer: Identity, localizer: Localizer, language: Language) {
        func options(selected: Role?) -> [RoleOption] {
            Role.allCases.map { RoleOption(value: $0.rawValue, label: localizer.text("role.\($0.rawValue)", language), selected: $0 == selected) }
        }
        self.members = users.sorted { ($0.role, $1.name) > ($1.role, $0.name) }.map { user in
            Member(
                id: user.id.description, name: user.name, email: user.email.value,
                roleLabel: localizer.text("role.\(user.role.rawValue)", language), pending: !user.hasPassword,
                isSelf: user.id == viewer.user.id, roles: options(selected: user.role))
        }
        self.canManage = PermissionMatrix.allows(viewer.user.role, .manageUsers)
        self.count = users.count
        self.roleOptions = options(selected: .operator)
    }
}

/// The Audit log page: newest entries first, with a link to older ones.
struct AuditPageModel {
    struct Row {
        let at: String
        let who: String
        let action: String
        let target: String
        let ip: String
        let details: String
    }

    let rows: [Row]
    let olderCursor: String?
    let empty: Bool
    /// The chain's verification, on the first page only.
    let chain: AuditChainStatus?

    init(entries: [AuditEntry], chain: AuditChainStatus?, language: Language, timezone: String) {
        self.chain = chain
        let dates = DateFormats(language: language, timezone: timezone, seconds: true)
        let shown = entries.prefix(50)
        self.rows = shown.map { entry in
            Row(
                at: dates.dateTime(entry.at), who: entry.userName ?? "—", action: entry.action,
                target: [entry.targetType, entry.targetID].compactMap { $0 }.joined(separator: " "), ip: entry.ip ?? "",
                details: entry.details == "{}" ? "" : entry.details)
        }
        self.olderCursor = entries.count > 50 ? shown.last.map { String($0.id) } : nil
        self.empty = entries.isEmpty
    }
}
