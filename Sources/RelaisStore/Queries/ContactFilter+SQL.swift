import Foundation
import PostgresNIO
import RelaisCore

/// Which contacts a statement concerns: a filter, or an explicit selection of ids.
public struct ContactSelection: Sendable, Equatable {
    public var filter: ContactFilter
    /// When set, only these contacts (still within the filter).
    public var ids: [UUID]?

    public init(filter: ContactFilter = ContactFilter(), ids: [UUID]? = nil) {
        self.filter = filter
        self.ids = ids
    }
}

extension SQLBuilder {
    /// Appends the conditions that select `selection` among the tenant's contacts, aliased `c`.
    /// Tag conditions walk `contact_tags` by its primary key (tag first), so they stay index-only.
    mutating func appendConditions(_ selection: ContactSelection, tenant: TenantID) {
        let filter = selection.filter
        append("c.tenant_id = ")
        bind(tenant.rawValue)
        if let ids = selection.ids {
            append(" AND c.id = ANY(")
            bind(ids)
            append(")")
        }
        if let query = filter.query?.trimmingCharacters(in: .whitespaces), !query.isEmpty {
            let escaped = query.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "%", with: "\\%")
                .replacingOccurrences(of: "_", with: "\\_")
            append(" AND (c.name ILIKE ")
            bind("%" + escaped + "%")
            let digits = query.filter(\.isNumber)
            if !digits.isEmpty {
                append(" OR c.phone LIKE ")
                bind("%" + digits + "%")
            }
            append(")")
        }
        if let names = filter.tagsAny, !names.isEmpty {
            append(" AND EXISTS (SELECT 1 FROM contact_tags ct JOIN tags t ON t.tenant_id = ct.tenant_id AND t.id = ct.tag_id")
            append(" WHERE ct.tenant_id = c.tenant_id AND ct.contact_id = c.id AND lower(t.name)")
            appendLowered(names)
            append(")")
        }
        // One EXISTS per tag, each probing the membership key for a tag id resolved once (an unknown name resolves
        // to NULL and matches nothing). Grouping every membership row of the tags by contact, as this did before,
        // hashed about 880,000 rows for a 2-tag segment of 1,000,000 contacts.
        for name in Self.distinctNames(filter.tagsAll ?? []) {
            append(" AND EXISTS (SELECT 1 FROM contact_tags ct WHERE ct.tenant_id = c.tenant_id AND ct.contact_id = c.id AND ct.tag_id = ")
            appendTagID(named: name, tenant: tenant)
            append(")")
        }
        if let names = filter.tagsNone, !names.isEmpty {
            append(" AND NOT EXISTS (SELECT 1 FROM contact_tags ct JOIN tags t ON t.tenant_id = ct.tenant_id AND t.id = ct.tag_id")
            append(" WHERE ct.tenant_id = c.tenant_id AND ct.contact_id = c.id AND lower(t.name)")
            appendLowered(names)
            append(")")
        }
        if let consent = filter.consent {
            append(" AND c.consent_status = ")
            bind(consent.rawValue)
        }
        if let country = filter.country {
            append(" AND c.country = ")
            bind(country)
        }
        if let attributes = filter.attributes, !attributes.isEmpty,
            let json = try? JSONSerialization.data(withJSONObject: attributes, options: [.sortedKeys])
        {
            append(" AND c.attributes @> CAST(")
            bind(String(decoding: json, as: UTF8.self))
            append(" AS jsonb)")
        }
        if let after = filter.createdAfter {
            append(" AND c.created_at > ")
            bind(after)
        }
        if let days = filter.engagedWithinDays {
            append(" AND greatest(c.last_read_at, c.last_inbound_at) > now() - make_interval(days => ")
            bind(days)
            append("::int)")
        }
    }

    /// The id of the tenant's tag called `name` (in any case), as a scalar subquery: NULL when there is none.
    mutating func appendTagID(named name: String, tenant: TenantID) {
        append("(SELECT t.id FROM tags t WHERE t.tenant_id = ")
        bind(tenant.rawValue)
        append(" AND lower(t.name) = lower(")
        bind(name)
        append("))")
    }

    /// ` IN (…)` the lowered `names`, for a comparison with `lower(t.name)`.
    mutating func appendLowered(_ names: [String]) {
        append(" IN (SELECT lower(n) FROM unnest(")
        bind(names)
        append("::text[]) n)")
    }

    /// `names` without repeats (compared without case), as written. Tag names are lowered by PostgreSQL's `lower`,
    /// on both sides of every comparison and in the unique index of `tags`: Swift's `lowercased()` lowers `É`
    /// where a cluster with the C locale (the embedded one) does not, and a name lowered by one and compared with
    /// a name lowered by the other never matched ("Été" created a tag but tagged nobody).
    static func distinctNames(_ names: [String]) -> [String] {
        var seen = Set<String>()
        return names.filter { seen.insert($0.lowercased()).inserted }
    }
}
