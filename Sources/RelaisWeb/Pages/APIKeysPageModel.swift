import Foundation
import RelaisCore

/// The API keys page (Settings): the company's keys, the form to create one, and a key just created, shown once.
struct APIKeysPageModel {
    struct Row {
        let id: String
        let name: String
        let prefix: String
        let roleLabel: String
        let createdBy: String
        let createdAt: String
        let lastUsed: String
        let revoked: Bool
        let revokedAt: String
    }

    let rows: [Row]
    let empty: Bool
    let roleOptions: [TeamPageModel.RoleOption]
    /// The key just created (from the one-time flash), to copy now: it is never shown again.
    let newKey: String?

    init(keys: [APIKey], viewer: Identity, newKey: String?, localizer: Localizer, language: Language, timezone: String) {
        let dates = DateFormats(language: language, timezone: timezone)
        self.rows = keys.map { key in
            Row(
                id: key.id.uuidString.lowercased(), name: key.name, prefix: "rls_\(key.prefix)_…",
                roleLabel: localizer.text("role.\(key.role.rawValue)", language), createdBy: key.createdByName ?? "—",
                createdAt: dates.dateTime(key.createdAt), lastUsed: key.lastUsedAt.map(dates.dateTime) ?? localizer.text("api_keys.never", language),
                revoked: key.revokedAt != nil, revokedAt: key.revokedAt.map(dates.dateTime) ?? "")
        }
        self.empty = keys.isEmpty
        // Never above the viewer's own role; operator by default (least privilege).
        self.roleOptions = Role.allCases.filter { $0 <= viewer.user.role }.map {
            TeamPageModel.RoleOption(value: $0.rawValue, label: localizer.text("role.\($0.rawValue)", language), selected: $0 == .operator)
        }
        self.newKey = newKey
    }
}
