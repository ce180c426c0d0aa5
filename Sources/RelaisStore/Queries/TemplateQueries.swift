import Foundation
import PostgresNIO
import RelaisCore

extension TenantConnection {
    static let templateColumns = """
        id, number_id, waba_id, meta_id, name, language, category, status, status_reason, components::text, created_at, updated_at
        """

    /// Inserts or refreshes a template known by (WABA, name, language): sync and submission both land here.
    /// Returns the template's id. Changes: one `message_templates` row.
    @discardableResult
    public func upsertTemplate(
        number: UUID, wabaID: String, metaID: String?, name: String, language: String, category: String, status: String,
        statusReason: String?, componentsJSON: String
    ) async throws -> UUID {
        let rows = try await run(
            """
            INSERT INTO message_templates (tenant_id, id, number_id, waba_id, meta_id, name, language, category, status,
                status_reason, components)
            VALUES (\(tenant.rawValue), \(UUID()), \(number), \(wabaID), \(metaID), \(name), \(language), \(category), \(status),
                \(statusReason), CAST(\(componentsJSON) AS jsonb))
            ON CONFLICT (tenant_id, waba_id, name, language) DO UPDATE SET
                meta_id = COALESCE(EXCLUDED.meta_id, message_templates.meta_id), category = EXCLUDED.category,
                status = EXCLUDED.status, status_reason = EXCLUDED.status_reason, components = EXCLUDED.components, updated_at = now()
            RETURNING id
            """)
        for try await id in rows.decode(UUID.self) { return id }
        throw StoreError.notFound
    }

    /// Returns this tenant's templates, by name then language, optionally of one number.
    public func templates(number: UUID? = nil) async throws -> [StoredTemplate] {
        try await decodeTemplates(
            try await run(
                """
                SELECT \(unescaped: Self.templateColumns) FROM message_templates
                WHERE tenant_id = \(tenant.rawValue) AND (\(number)::uuid IS NULL OR number_id = \(number))
                ORDER BY name, language
                """))
    }

    /// Returns one template of this tenant, or nil.
    public func template(_ id: UUID) async throws -> StoredTemplate? {
        try await decodeTemplates(
            try await run("SELECT \(unescaped: Self.templateColumns) FROM message_templates WHERE tenant_id = \(tenant.rawValue) AND id = \(id)")
        ).first
    }

    /// Applies a status Meta announced for a template (webhook); returns how many rows changed.
    public func setTemplateStatus(wabaID: String, name: String, language: String, status: String, reason: String?) async throws -> Int {
        let rows = try await run(
            """
            UPDATE message_templates SET status = \(status), status_reason = \(reason), updated_at = now()
            WHERE tenant_id = \(tenant.rawValue) AND waba_id = \(wabaID) AND name = \(name) AND language = \(language)
            RETURNING 1
            """)
        var count = 0
        for try await _ in rows { count += 1 }
        return count
    }

    /// Deletes a template; returns false when no such template.
    public func deleteTemplate(_ id: UUID) async throws -> Bool {
        let rows = try await run("DELETE FROM message_templates WHERE tenant_id = \(tenant.rawValue) AND id = \(id) RETURNING 1")
        for try await _ in rows { return true }
        return false
    }

    private func decodeTemplates(_ rows: PostgresRowSequence) async throws -> [StoredTemplate] {
        var templates: [StoredTemplate] = []
        for try await row in rows {
            let (id, number, waba, metaID, name, language, category, status, reason, components, created, updated) =
                try row.decode((UUID, UUID, String, String?, String, String, String, String, String?, String, Date, Date).self)
            templates.append(
                StoredTemplate(
                    id: id, numberID: number, wabaID: waba, metaID: metaID, name: name, language: language, category: category,
                    status: status, statusReason: reason, componentsJSON: components, createdAt: created, updatedAt: updated))
        }
        return templates
    }
}
