import Foundation
import PostgresNIO
import RelaisCore

/// The orders a contact list can take; each has an index whose order matches.
public enum ContactSort: String, Sendable, CaseIterable {
    case newest = "-created_at"
    case oldest = "created_at"
    case nameAscending = "name"
    case nameDescending = "-name"
}

extension TenantConnection {
    /// Returns up to `limit` contacts of `selection` in `sort` order, after the contact `after` (the cursor is the
    /// last id of the previous page; an unknown or foreign id yields an empty page).
    /// Walks `contacts_recent` or `contacts_by_name`, so a page costs the same at any depth.
    public func contacts(_ selection: ContactSelection, sort: ContactSort, limit: Int, after: UUID?) async throws -> [Contact] {
        var builder = SQLBuilder()
        builder.append("SELECT ")
        builder.append(Self.contactColumns)
        builder.append(" FROM contacts c WHERE ")
        builder.appendConditions(selection, tenant: tenant)
        if let after {
            switch sort {
            case .newest: builder.append(" AND (c.created_at, c.id) < (SELECT p.created_at, p.id FROM contacts p WHERE p.tenant_id = ")
            case .oldest: builder.append(" AND (c.created_at, c.id) > (SELECT p.created_at, p.id FROM contacts p WHERE p.tenant_id = ")
            case .nameAscending: builder.append(" AND (lower(c.name), c.id) > (SELECT lower(p.name), p.id FROM contacts p WHERE p.tenant_id = ")
            case .nameDescending: builder.append(" AND (lower(c.name), c.id) < (SELECT lower(p.name), p.id FROM contacts p WHERE p.tenant_id = ")
            }
            builder.bind(tenant.rawValue)
            builder.append(" AND p.id = ")
            builder.bind(after)
            builder.append(")")
        }
        switch sort {
        case .newest: builder.append(" ORDER BY c.created_at DESC, c.id DESC")
        case .oldest: builder.append(" ORDER BY c.created_at, c.id")
        case .nameAscending: builder.append(" ORDER BY lower(c.name), c.id")
        case .nameDescending: builder.append(" ORDER BY lower(c.name) DESC, c.id DESC")
        }
        builder.append(" LIMIT ")
        builder.bind(limit)
        var contacts: [Contact] = []
        for try await row in try await run(builder.query) { contacts.append(try Self.contact(from: row)) }
        return contacts
    }

    /// Counts the contacts of `selection` (a segment's live count). A filter of tags alone, with tags that every
    /// or any contact must carry, is counted from the tags' bitmaps; anything else reads the contacts.
    public func countContacts(_ selection: ContactSelection) async throws -> Int {
        let filter = selection.filter
        var tagsOnly = ContactFilter()
        (tagsOnly.tagsAll, tagsOnly.tagsAny, tagsOnly.tagsNone) = (filter.tagsAll, filter.tagsAny, filter.tagsNone)
        let every = SQLBuilder.distinctNames(filter.tagsAll ?? [])
        let any = SQLBuilder.distinctNames(filter.tagsAny ?? [])
        if selection.ids == nil, filter == tagsOnly, !(every.isEmpty && any.isEmpty) {
            return try await countTagged(every: every, any: any, none: SQLBuilder.distinctNames(filter.tagsNone ?? []))
        }
        var builder = SQLBuilder()
        builder.append("SELECT count(*)::int FROM contacts c WHERE ")
        builder.appendConditions(selection, tenant: tenant)
        for try await count in try await run(builder.query).decode(Int.self) { return count }
        return 0
    }

    /// The number of contacts that carry every tag of `every`, at least one of `any` (when not empty) and none of
    /// `none` (distinct names, in any case), from the tags' bitmaps (migration 0015): per chunk of 8,192 contact
    /// numbers, the AND of the `every` bitmaps, the OR of the `any` ones and the complement of the OR of the `none`
    /// ones, population-counted. A chunk where one of `every` has no bitmap, or none of `any` has one, holds no such
    /// contact; an unknown name has no bitmap at all, so it empties `every` and `any` and excludes nobody in `none`.
    /// At least one of `every` and `any` must hold a name: otherwise the count would need every contact's number.
    func countTagged(every: [String], any: [String], none: [String]) async throws -> Int {
        let rows = try await run(
            """
            WITH wanted AS (
                SELECT t.id, w.role
                FROM (SELECT lower(n), 'every' FROM unnest(\(every)::text[]) n
                      UNION ALL SELECT lower(n), 'any' FROM unnest(\(any)::text[]) n
                      UNION ALL SELECT lower(n), 'none' FROM unnest(\(none)::text[]) n) AS w(name, role)
                JOIN tags t ON t.tenant_id = \(tenant.rawValue) AND lower(t.name) = w.name),
            chunks AS (
                SELECT count(*) FILTER (WHERE w.role = 'every') AS every_found,
                       bit_and(b.bits) FILTER (WHERE w.role = 'every') AS every_tag,
                       bit_or(b.bits) FILTER (WHERE w.role = 'any') AS any_tag,
                       bit_or(b.bits) FILTER (WHERE w.role = 'none') AS no_tag
                FROM tag_bitmaps b JOIN wanted w ON b.tag_id = w.id
                WHERE b.tenant_id = \(tenant.rawValue)
                GROUP BY b.chunk)
            SELECT coalesce(sum(bit_count(coalesce(every_tag, ~B'0'::bit(8192)) & coalesce(any_tag, ~B'0'::bit(8192))
                                          & ~coalesce(no_tag, B'0'::bit(8192)))), 0)::int
            FROM chunks
            WHERE every_found = \(every.count) AND (\(any.isEmpty) OR any_tag IS NOT NULL)
            """)
        for try await count in rows.decode(Int.self) { return count }
        return 0
    }

    /// Returns the custom attribute keys found on the tenant's most recent contacts (at most `sample` of them), sorted,
    /// for the campaign composer's field menu. Reads a bounded sample through `contacts_recent` rather than every
    /// contact: a key used only by old contacts may be missing, which costs a hint, not a message.
    public func contactAttributeKeys(sample: Int = 500, limit: Int = 30) async throws -> [String] {
        let rows = try await run(
            """
            SELECT DISTINCT k FROM (SELECT attributes FROM contacts WHERE tenant_id = \(tenant.rawValue)
                ORDER BY created_at DESC LIMIT \(sample)) recent, jsonb_object_keys(recent.attributes) AS k
            ORDER BY k LIMIT \(limit)
            """)
        return try await rows.decode(String.self).collect()
    }

    /// Calls `body` with successive pages of `selection` in creation order, for exports that stream.
    /// Each page is one keyset query, so memory holds one page at a time.
    public func forEachContactPage(
        _ selection: ContactSelection, pageSize: Int = 1000, _ body: ([Contact]) async throws -> Void
    ) async throws {
        var after: UUID?
        while true {
            let page = try await contacts(selection, sort: .oldest, limit: pageSize, after: after)
            if page.isEmpty { return }
            try await body(page)
            if page.count < pageSize { return }
            after = page.last?.id
        }
    }
}
