import Foundation
import PostgresNIO
import RelaisCore

/// Everything that decides who a run reaches, resolved for SQL: the audience, its segments' filters, and the frequency cap.
public struct AudienceRules: Sendable {
    public var audience: CampaignAudience
    /// The filters of `audience.segments`, read beforehand (a deleted segment is the caller's error to report).
    public var segmentFilters: [ContactFilter]
    /// At most this many marketing messages per contact per 7 days; nil applies no cap (utility templates).
    public var frequencyCap: Int?

    public init(audience: CampaignAudience, segmentFilters: [ContactFilter], frequencyCap: Int?) {
        self.audience = audience
        self.segmentFilters = segmentFilters
        self.frequencyCap = frequencyCap
    }
}

/// A recipient with the fields templates read.
public struct AudienceMember: Sendable, Equatable {
    public let contactID: UUID
    public let fields: RecipientFields
}

extension SQLBuilder {
    /// Appends the conditions that select a run's recipients among contacts aliased `c`: consent (opted in, or
    /// unknown when allowed), not suppressed, within the included tags/segments (everyone when none), outside
    /// the excluded tags, and under the frequency cap.
    mutating func appendAudience(_ rules: AudienceRules, tenant: TenantID) {
        let audience = rules.audience
        append("c.tenant_id = ")
        bind(tenant.rawValue)
        append(" AND (c.consent_status = 'opted_in' OR (")
        bind(audience.includeUnknownConsent)
        append(" AND c.consent_status = 'unknown'))")
        // The suppression check hashes each contact's number (a keyed digest, in PL/pgSQL): 13 of a 200,000-recipient
        // launch's 29 s. A company with no suppression needs none of it; the uncorrelated EXISTS is an init plan,
        // evaluated once, and OR stops at its answer.
        append(" AND (NOT EXISTS (SELECT 1 FROM suppressions s WHERE s.tenant_id = ")
        bind(tenant.rawValue)
        append(") OR NOT relais_is_suppressed(c.tenant_id, c.phone))")
        if !audience.includesEveryone {
            var parts: [ContactFilter] = rules.segmentFilters
            if !audience.tagsAny.isEmpty { parts.append(Self.filter { $0.tagsAny = audience.tagsAny }) }
            if !audience.tagsAll.isEmpty { parts.append(Self.filter { $0.tagsAll = audience.tagsAll }) }
            append(" AND (false")
            for part in parts {
                append(" OR (")
                appendConditions(ContactSelection(filter: part), tenant: tenant)
                append(")")
            }
            append(")")
        }
        if !audience.tagsNone.isEmpty {
            append(" AND ")
            appendConditions(ContactSelection(filter: Self.filter { $0.tagsNone = audience.tagsNone }), tenant: tenant)
        }
        if let cap = rules.frequencyCap {
            // Uncorrelated on purpose: PostgreSQL hashes the capped numbers once. Correlated per contact, the count
            // walked an index that the same INSERT … SELECT was filling, and a 20,000-recipient launch took 40 s.
            append(" AND c.phone NOT IN (SELECT m.to_phone FROM outbound_messages m WHERE m.tenant_id = ")
            bind(tenant.rawValue)
            append(" AND m.category = 'MARKETING' AND m.created_at > now() - interval '7 days' AND m.status NOT IN ('failed', 'skipped')")
            append(" GROUP BY m.to_phone HAVING count(*) >= ")
            bind(cap)
            append(")")
        }
    }

    private static func filter(_ build: (inout ContactFilter) -> Void) -> ContactFilter {
        var filter = ContactFilter()
        build(&filter)
        return filter
    }
}

extension TenantConnection {
    static let memberColumns: StaticString =
        "SELECT c.id, c.name, c.first_name, c.last_name, c.phone, c.email, c.country, c.language, c.attributes::text FROM contacts c WHERE "

    /// Counts the recipients a run would have now. Reads contacts with the audience's conditions.
    public func countAudience(_ rules: AudienceRules) async throws -> Int {
        var builder = SQLBuilder()
        builder.append("SELECT count(*)::int FROM contacts c WHERE ")
        builder.appendAudience(rules, tenant: tenant)
        for try await count in try await run(builder.query).decode(Int.self) { return count }
        return 0
    }

    /// Returns up to `limit` recipients in id order after `after`: a sample, or one page of a full walk.
    public func audienceMembers(_ rules: AudienceRules, after: UUID? = nil, limit: Int) async throws -> [AudienceMember] {
        var builder = SQLBuilder()
        builder.append(Self.memberColumns)
        builder.appendAudience(rules, tenant: tenant)
        if let after {
            builder.append(" AND c.id > ")
            builder.bind(after)
        }
        builder.append(" ORDER BY c.id LIMIT ")
        builder.bind(limit)
        var members: [AudienceMember] = []
        for try await row in try await run(builder.query) {
            members.append(try Self.member(row))
        }
        return members
    }

    /// Returns one contact as a recipient (previews and test sends), or nil.
    public func recipient(contact id: UUID) async throws -> AudienceMember? {
        var builder = SQLBuilder()
        builder.append(Self.memberColumns)
        builder.append("c.tenant_id = ")
        builder.bind(tenant.rawValue)
        builder.append(" AND c.id = ")
        builder.bind(id)
        for try await row in try await run(builder.query) { return try Self.member(row) }
        return nil
    }

    static func member(_ row: PostgresRow) throws -> AudienceMember {
        let (id, name, first, last, phone, email, country, language, attributes) = try row.decode(
            (UUID, String, String?, String?, String, String?, String?, String?, String).self)
        return AudienceMember(
            contactID: id,
            fields: RecipientFields(
                name: name, firstName: first, lastName: last, phone: phone, email: email, country: country, language: language,
                attributes: Self.stringAttributes(attributes)))
    }

    /// A contact's attributes object as strings (numbers and booleans written as JSON writes them).
    static func stringAttributes(_ json: String) -> [String: String] {
        guard let object = (try? JSONSerialization.jsonObject(with: Data(json.utf8))) as? [String: Any] else { return [:] }
        var attributes: [String: String] = [:]
        for (key, value) in object {
            switch value {
            case let text as String: attributes[key] = text
            case let number as NSNumber: attributes[key] = number.stringValue
            default: continue
            }
        }
        return attributes
    }
}
