import Foundation
import PostgresNIO
import RelaisCore

/// Which part of the audience a materialisation queues, and with which variant.
public enum MaterialiseStage: Sendable, Equatable {
    /// Everyone in the audience not yet in the run gets `variant` (0 without an A/B test; the winner after a decision).
    case everyone(variant: Int)
    /// An A/B test: `share` of the audience, split evenly between variants 1…`variants` in an order drawn from the
    /// run id (random, yet the same if the statement were run again).
    case test(share: Double, variants: Int)
}

/// The template each variant sends: its name and Meta category (the frequency cap counts `MARKETING`).
public struct VariantTemplate: Sendable, Equatable {
    public let name: String
    public let category: String

    public init(name: String, category: String) {
        self.name = name
        self.category = category
    }
}

extension TenantConnection {
    /// Queues a run's recipients: one `queued` outbound message per contact of the audience as it is now, in one
    /// `INSERT … SELECT` (so the queue appears atomically with the run that owns it). A contact already in the run
    /// is skipped by the (run, contact) unique index, which is what lets the A/B remainder reuse the same audience.
    /// `templates[i]` is variant i+1's template (variant 0 uses the first). Returns how many messages were queued;
    /// the counting trigger adds them to the run's `recipients` and `queued`.
    public func materialise(
        run: UUID, campaign: UUID, number: UUID, rules: AudienceRules, templates: [VariantTemplate], stage: MaterialiseStage
    ) async throws -> Int {
        var builder = SQLBuilder()
        builder.append("WITH inserted AS (INSERT INTO outbound_messages (tenant_id, id, number_id, to_phone, kind, template_name, category,")
        builder.append(" status, callback_id, campaign_id, run_id, contact_id, variant, next_attempt_at) SELECT ")
        builder.bind(tenant.rawValue)
        // A time-ordered id keeps a run's messages together in the queue's indexes (migration 0017); the
        // callback id, which travels to Meta and back, stays wholly random.
        builder.append(", relais_uuid_v7(), ")
        builder.bind(number)
        builder.append(", a.phone, 'template', (")
        builder.bind(templates.map(\.name))
        builder.append("::text[])[greatest(a.variant, 1)], (")
        builder.bind(templates.map(\.category))
        builder.append("::text[])[greatest(a.variant, 1)], 'queued', gen_random_uuid(), ")
        builder.bind(campaign)
        builder.append(", ")
        builder.bind(run)
        builder.append(", a.id, a.variant, now() FROM (")
        switch stage {
        case .everyone(let variant):
            builder.append("SELECT c.id, c.phone, ")
            builder.bind(variant)
            builder.append("::int AS variant FROM contacts c WHERE ")
            builder.appendAudience(rules, tenant: tenant)
            builder.append(") a")
        case .test(let share, let variants):
            builder.append("SELECT p.id, p.phone, ((p.rn - 1) % ")
            builder.bind(variants)
            builder.append(") + 1 AS variant, p.rn, p.total FROM (SELECT c.id, c.phone, row_number() OVER (ORDER BY md5(")
            builder.bind(run.uuidString)
            builder.append(" || c.id::text)) AS rn, count(*) OVER () AS total FROM contacts c WHERE ")
            builder.appendAudience(rules, tenant: tenant)
            builder.append(") p) a WHERE a.rn <= ceil(a.total * ")
            builder.bind(share)
            builder.append("::float8)")
        }
        builder.append(" ON CONFLICT (tenant_id, run_id, contact_id) WHERE run_id IS NOT NULL DO NOTHING RETURNING 1)")
        builder.append(" SELECT count(*)::int FROM inserted")
        for try await count in try await self.run(builder.query).decode(Int.self) { return count }
        return 0
    }

    /// Marketing messages allowed per contact per 7 days for this company (the frequency cap).
    public func marketingCap() async throws -> Int {
        for try await cap in try await run("SELECT marketing_cap_per_week FROM companies WHERE tenant_id = \(tenant.rawValue)").decode(Int.self) {
            return cap
        }
        return 2
    }
}
