import Foundation
import RelaisCore
import RelaisStore
import WhatsAppCloud

/// Templates: synced from each number's WABA, or composed here, checked against Meta's rules and submitted.
struct TemplateService: Sendable {
    let database: Database
    let numbers: NumberService

    /// Pulls every template of the tenant's numbers (or of one number) from the Graph API; returns how many were stored.
    func sync(numberID: UUID?, by identity: Identity, client info: ClientInfo) async throws -> Int {
        let targets = try await database.withTenant(identity.tenant) { try await $0.numbers() }.filter { numberID == nil || $0.id == numberID }
        if numberID != nil, targets.isEmpty { throw Problem.notFound() }
        var count = 0
        for number in targets {
            let (_, token) = try await numbers.numberAndToken(number.id, tenant: identity.tenant)
            let templates: [MessageTemplate]
            do {
                templates = try await numbers.client.allTemplates(wabaID: number.wabaID, accessToken: token)
            } catch {
                throw Problem.graph(error)
            }
            try await database.withTenant(identity.tenant) { connection in
                for template in templates {
                    try await connection.upsertTemplate(
                        number: number.id, wabaID: number.wabaID, metaID: template.id, name: template.name, language: template.language,
                        category: template.category, status: template.status ?? "PENDING", statusReason: nil,
                        componentsJSON: try Self.json(template.components))
                }
                try await connection.appendAudit(
                    AuditRecord(
                        action: .templatesSynced, actor: identity.user.id, targetType: "whatsapp_number", targetID: number.id.uuidString.lowercased(),
                        ip: info.ip, requestID: info.requestID, details: ["count": String(templates.count)]))
            }
            count += templates.count
        }
        return count
    }

    /// Checks a template against Meta's rules, submits it to the number's WABA and stores it with Meta's status.
    func create(
        numberID: UUID, name: String, category: String, language: String, components: [JSONValue], by identity: Identity, client info: ClientInfo
    ) async throws -> StoredTemplate {
        let draft = try TemplateComponents.draft(name: name, category: category, language: language, components: components)
        let issues = TemplateRules.issues(draft)
        if !issues.isEmpty { throw Problem.validation(issues) }
        let (number, token) = try await numbers.numberAndToken(numberID, tenant: identity.tenant)
        let template = MessageTemplate(
            name: name, language: language, category: category, parameterFormat: draft.namedParameters ? "NAMED" : "POSITIONAL",
            components: components)
        let submission: TemplateSubmission
        do {
            submission = try await numbers.client.createTemplate(wabaID: number.wabaID, template, accessToken: token)
        } catch {
            throw Problem.graph(error)
        }
        return try await database.withTenant(identity.tenant) { connection in
            let id = try await connection.upsertTemplate(
                number: number.id, wabaID: number.wabaID, metaID: submission.id, name: name, language: language,
                category: submission.category ?? category, status: submission.status, statusReason: nil,
                componentsJSON: try Self.json(components))
            try await connection.appendAudit(
                AuditRecord(
                    action: .templateSubmitted, actor: identity.user.id, targetType: "template", targetID: id.uuidString.lowercased(),
                    ip: info.ip, requestID: info.requestID, details: ["name": name, "language": language, "status": submission.status]))
            return try await connection.template(id)!
        }
    }

    /// Deletes a template at Meta and here.
    func delete(_ id: UUID, by identity: Identity, client info: ClientInfo) async throws {
        guard let template = try await database.withTenant(identity.tenant, { try await $0.template(id) }) else { throw Problem.notFound() }
        let (_, token) = try await numbers.numberAndToken(template.numberID, tenant: identity.tenant)
        do {
            try await numbers.client.deleteTemplate(wabaID: template.wabaID, name: template.name, accessToken: token)
        } catch {
            // Code 100: Meta no longer has it; deleting our copy is then all that is left to do.
            if error.code != 100 { throw Problem.graph(error) }
        }
        try await database.withTenant(identity.tenant) { connection in
            _ = try await connection.deleteTemplate(id)
            try await connection.appendAudit(
                AuditRecord(
                    action: .templateDeleted, actor: identity.user.id, targetType: "template", targetID: id.uuidString.lowercased(),
                    ip: info.ip, requestID: info.requestID, details: ["name": template.name, "language": template.language]))
        }
    }

    static func json(_ components: [JSONValue]) throws -> String {
        String(decoding: try JSONEncoder().encode(components), as: UTF8.self)
    }
}
