import Foundation
import RelaisCore
import RelaisStore

/// Creating, listing and revoking API keys; shared by the JSON API and the Settings page, so both
/// follow the same rules and write the same audit entries (`api_key.created`, `api_key.revoked`).
struct APIKeyService: Sendable {
    let database: Database

    /// Creates a key for `identity`'s company; returns it with its text, which is never shown again.
    /// The role may not exceed the creator's; a key may not mint keys.
    func create(by identity: Identity, name rawName: String?, role rawRole: String?, client: ClientInfo) async throws -> (APIKey, String) {
        try identity.requireSession()
        let name = (rawName ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        var issues: [ValidationIssue] = []
        if name.isEmpty || name.count > 120 { issues.append(.init(field: "name", code: "api_keys.errors.name")) }
        let role = rawRole.flatMap(Role.init(rawValue:))
        if role == nil {
            issues.append(.init(field: "role", code: "error.role.invalid"))
        } else if let role, role > identity.user.role {
            issues.append(.init(field: "role", code: "api_keys.errors.role_above_yours"))
        }
        guard issues.isEmpty, let role else { throw Problem.validation(issues) }
        let id = UUID()
        let (prefix, key) = APIKeyToken.make()
        let created = try await database.withTenant(identity.tenant) { connection in
            try await connection.insertAPIKey(
                id: id, name: name, role: role, prefix: prefix, secretHash: APIKeyToken.digest(key), createdBy: identity.user.id)
            try await connection.appendAudit(
                AuditRecord(
                    action: .apiKeyCreated, actor: identity.user.id, targetType: "api_key", targetID: id.uuidString.lowercased(), ip: client.ip,
                    requestID: client.requestID, details: ["name": name, "role": role.rawValue, "prefix": prefix]))
            return try await connection.apiKey(id)
        }
        guard let created else { throw Problem.notFound() }
        return (created, key)
    }

    /// Revokes a key of `identity`'s company: it stops working at once. Unknown or foreign id → 404; revoking
    /// a revoked key changes nothing and succeeds.
    func revoke(_ id: UUID, by identity: Identity, client: ClientInfo) async throws {
        try identity.requireSession()
        try await database.withTenant(identity.tenant) { connection in
            guard let key = try await connection.apiKey(id) else { throw Problem.notFound() }
            guard try await connection.revokeAPIKey(id) else { return }
            try await connection.appendAudit(
                AuditRecord(
                    action: .apiKeyRevoked, actor: identity.user.id, targetType: "api_key", targetID: id.uuidString.lowercased(), ip: client.ip,
                    requestID: client.requestID, details: ["name": key.name, "prefix": key.prefix]))
        }
    }

    /// Up to `limit` keys of the company, newest first (revoked ones too, marked).
    func list(_ identity: Identity, limit: Int, after: UUID?) async throws -> [APIKey] {
        try await database.withTenant(identity.tenant) { try await $0.apiKeys(limit: limit, after: after) }
    }
}
