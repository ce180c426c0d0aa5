import Foundation
import RelaisCore

/// A user as the API shows it (never with a password hash).
struct UserPayload: Encodable {
    let id: String
    let name: String
    let email: String
    let role: String
    let language: String
    let hasPassword: Bool
    let createdAt: Date

    init(_ user: User) {
        self.id = user.id.description
        self.name = user.name
        self.email = user.email.value
        self.role = user.role.rawValue
        self.language = user.language.rawValue
        self.hasPassword = user.hasPassword
        self.createdAt = user.createdAt
    }
}

/// A company as the API shows it.
struct CompanyPayload: Encodable {
    let id: String
    let name: String
    let defaultCountry: String
    let timezone: String
    let optOutKeywords: [String]
    /// Months after which messages are anonymised.
    let messageRetentionMonths: Int

    init(_ company: Company) {
        self.id = company.id.description
        self.name = company.name
        self.defaultCountry = company.defaultCountry
        self.timezone = company.timezone
        self.optOutKeywords = company.optOutKeywords
        self.messageRetentionMonths = company.messageRetentionMonths
    }
}

/// The answer to sign-up, login and refresh.
struct SessionPayload: Encodable {
    let accessToken: String
    let refreshToken: String
    let tokenType = "Bearer"
    let expiresIn: Int
    let user: UserPayload
    let company: CompanyPayload?
}

struct AuditEntryPayload: Encodable {
    let id: String
    let at: Date
    let userId: String?
    let userName: String?
    let action: String
    let targetType: String?
    let targetId: String?
    let ip: String?
    let details: [String: String]

    init(_ entry: AuditEntry) {
        self.id = String(entry.id)
        self.at = entry.at
        self.userId = entry.userID?.description
        self.userName = entry.userName
        self.action = entry.action
        self.targetType = entry.targetType
        self.targetId = entry.targetID
        self.ip = entry.ip
        let object = (try? JSONSerialization.jsonObject(with: Data(entry.details.utf8))) as? [String: Any] ?? [:]
        self.details = object.mapValues { "\($0)" }
    }
}
