import Foundation
import PostgresNIO
import RelaisCore

/// A tag as lists show it, with how many contacts carry it.
public struct Tag: Sendable, Equatable {
    public let id: UUID
    public let name: String
    public let contactCount: Int
    public let createdAt: Date
}

extension TenantConnection {
    /// Returns every tag of the tenant by name, with its contact count (index-only over `contact_tags`).
    public func tags(limit: Int = 1000) async throws -> [Tag] {
        let rows = try await run(
            """
            SELECT t.id, t.name, (SELECT count(*)::int FROM contact_tags ct WHERE ct.tenant_id = t.tenant_id AND ct.tag_id = t.id),
                   t.created_at
            FROM tags t WHERE t.tenant_id = \(tenant.rawValue) ORDER BY lower(t.name) LIMIT \(limit)
            """)
        var tags: [Tag] = []
        for try await (id, name, count, created) in rows.decode((UUID, String, Int, Date).self) {
            tags.append(Tag(id: id, name: name, contactCount: count, createdAt: created))
        }
        return tags
    }

    /// Creates the tags that do not exist yet (names compared without case). Changes: `tags` rows.
    public func ensureTags(_ names: [String]) async throws {
        guard !names.isEmpty else { return }
        try await run(
            """
            INSERT INTO tags (tenant_id, name) SELECT \(tenant.rawValue), n FROM unnest(\(names)::text[]) AS n
            ON CONFLICT (tenant_id, lower(name)) DO NOTHING
            """)
    }

    /// Creates one tag; returns it, or nil when the name is taken.
    public func createTag(_ name: String) async throws -> Tag? {
        let rows = try await run(
            """
            INSERT INTO tags (tenant_id, name) VALUES (\(tenant.rawValue), \(name))
            ON CONFLICT (tenant_id, lower(name)) DO NOTHING RETURNING id, name, created_at
            """)
        for try await (id, name, created) in rows.decode((UUID, String, Date).self) {
            return Tag(id: id, name: name, contactCount: 0, createdAt: created)
        }
        return nil
    }

    /// Deletes a tag (its memberships go with it); returns its name, nil when no such tag.
    public func deleteTag(_ id: UUID) async throws -> String? {
        let rows = try await run("DELETE FROM tags WHERE tenant_id = \(tenant.rawValue) AND id = \(id) RETURNING name")
        for try await name in rows.decode(String.self) { return name }
        return nil
    }

    /// Replaces a contact's tags with `names` (created when new). Changes: `contact_tags` rows of the contact.
    public func replaceTags(of contact: UUID, with names: [String]) async throws {
        try await run("DELETE FROM contact_tags WHERE tenant_id = \(tenant.rawValue) AND contact_id = \(contact)")
        try await addTags(names, toContacts: [contact])
    }

    /// Adds tags to these contacts (tags created when new). Changes: `tags` and `contact_tags` rows.
    public func addTags(_ names: [String], toContacts ids: [UUID]) async throws {
        guard !names.isEmpty, !ids.isEmpty else { return }
        try await ensureTags(names)
        try await run(
            """
            INSERT INTO contact_tags (tenant_id, tag_id, contact_id)
            SELECT \(tenant.rawValue), t.id, c FROM unnest(\(ids)::uuid[]) AS c, tags t
            WHERE t.tenant_id = \(tenant.rawValue) AND lower(t.name) IN (SELECT lower(n) FROM unnest(\(names)::text[]) n)
            ON CONFLICT DO NOTHING
            """)
    }

    /// Adds tags to every contact of a selection in one statement; returns how many memberships were added.
    public func addTags(_ names: [String], to selection: ContactSelection) async throws -> Int {
        guard !names.isEmpty else { return 0 }
        try await ensureTags(names)
        var builder = SQLBuilder()
        builder.append("WITH added AS (INSERT INTO contact_tags (tenant_id, tag_id, contact_id) SELECT c.tenant_id, t.id, c.id")
        builder.append(" FROM contacts c JOIN tags t ON t.tenant_id = c.tenant_id AND lower(t.name)")
        builder.appendLowered(names)
        builder.append(" WHERE ")
        builder.appendConditions(selection, tenant: tenant)
        builder.append(" ON CONFLICT DO NOTHING RETURNING 1) SELECT count(*)::int FROM added")
        for try await count in try await run(builder.query).decode(Int.self) { return count }
        return 0
    }

    /// Removes tags from every contact of a selection; returns how many memberships were removed.
    public func removeTags(_ names: [String], from selection: ContactSelection) async throws -> Int {
        guard !names.isEmpty else { return 0 }
        var builder = SQLBuilder()
        builder.append("WITH removed AS (DELETE FROM contact_tags x USING tags t, contacts c WHERE x.tenant_id = t.tenant_id")
        builder.append(" AND x.tag_id = t.id AND x.tenant_id = c.tenant_id AND x.contact_id = c.id AND lower(t.name)")
        builder.appendLowered(names)
        builder.append(" AND ")
        builder.appendConditions(selection, tenant: tenant)
        builder.append(" RETURNING 1) SELECT count(*)::int FROM removed")
        for try await count in try await run(builder.query).decode(Int.self) { return count }
        return 0
    }
}
