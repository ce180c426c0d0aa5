import Foundation
import PostgresNIO
import RelaisCore

/// A queued message a send loop claimed: who it goes to, with what, and the fields to render it.
public struct ClaimedMessage: Sendable, Equatable {
    public let id: UUID
    public let runID: UUID
    public let callbackID: UUID
    public let toPhone: String
    public let variant: Int
    /// Attempts including this one.
    public let attempts: Int
    /// The contact's fields now; nil when the contact was deleted since launch (the message is then skipped).
    public let fields: RecipientFields?
    /// The contact wrote to the company in the last 24 hours: a free-form text may be sent instead of a template.
    public let inServiceWindow: Bool

    public init(
        id: UUID, runID: UUID, callbackID: UUID, toPhone: String, variant: Int, attempts: Int, fields: RecipientFields?,
        inServiceWindow: Bool = false
    ) {
        self.id = id
        self.runID = runID
        self.callbackID = callbackID
        self.toPhone = toPhone
        self.variant = variant
        self.attempts = attempts
        self.fields = fields
        self.inServiceWindow = inServiceWindow
    }
}

/// What became of one claimed message, to be written back with the others of its batch.
public struct SendOutcome: Sendable, Equatable {
    public let id: UUID
    public let status: MessageStatus
    public var wamid: String?
    public var errorCode: Int?
    public var errorTitle: String?
    /// For `queued` (a retry): when it may be claimed again.
    public var retryAt: Date?
    /// A retry that does not count against the attempt budget (throttling, a paused campaign).
    public var refundAttempt = false

    public init(id: UUID, status: MessageStatus, wamid: String? = nil, errorCode: Int? = nil, errorTitle: String? = nil, retryAt: Date? = nil) {
        self.id = id
        self.status = status
        self.wamid = wamid
        self.errorCode = errorCode
        self.errorTitle = errorTitle
        self.retryAt = retryAt
    }
}

/// A number whose runs need a send loop (the dispatcher's cross-tenant view).
public struct DispatchNumber: Sendable, Hashable {
    public let tenant: TenantID
    public let number: UUID
}

extension TenantConnection {
    /// Claims up to `limit` of a running run's queued messages whose time has come: marks them `sending` with a
    /// lease and one more attempt, and returns them with their contacts' fields. SKIP LOCKED keeps two claimers
    /// apart; the run must still be running, so a pause that committed stops every later claim. The pick is a
    /// materialised CTE: as an `IN (SELECT … LIMIT n)` the planner may rescan the subquery and claim more than n.
    /// It reads the claim index in its own order (no sort) and checks the run once (an uncorrelated init plan).
    /// The claimed rows and their contacts are reached through `= ANY(ARRAY(…))`, whose size the planner cannot
    /// see: joined to the CTE instead, a batch of 7,200 looked cheaper as a hash of every message and every contact
    /// of the company (two sequential scans, 190 of 460 ms at 200,000 of each, and growing with them).
    public func claimMessages(run: UUID, limit: Int, leaseSeconds: Int) async throws -> [ClaimedMessage] {
        let rows = try await self.run(
            """
            WITH picked AS MATERIALIZED (
                SELECT q.id FROM outbound_messages q
                WHERE q.tenant_id = \(tenant.rawValue) AND q.run_id = \(run) AND q.queue_state = 'queued' AND q.next_attempt_at <= now()
                  AND (SELECT r.state FROM campaign_runs r WHERE r.tenant_id = \(tenant.rawValue) AND r.id = \(run)) = 'running'
                ORDER BY q.next_attempt_at LIMIT \(limit) FOR UPDATE SKIP LOCKED
            ), claimed AS (
                UPDATE outbound_messages m SET status = 'sending', attempts = m.attempts + 1,
                    lease_until = now() + make_interval(secs => \(leaseSeconds)), updated_at = now()
                WHERE m.tenant_id = \(tenant.rawValue) AND m.id = ANY(ARRAY(SELECT id FROM picked))
                RETURNING m.id, m.run_id, m.callback_id, m.to_phone, m.variant, m.attempts, m.contact_id
            )
            SELECT k.id, k.run_id, k.callback_id, k.to_phone, k.variant, k.attempts, c.id, c.name, c.first_name, c.last_name, c.phone,
                   c.email, c.country, c.language, c.attributes::text, coalesce(c.last_inbound_at > now() - interval '24 hours', false)
            FROM claimed k LEFT JOIN contacts c ON c.tenant_id = \(tenant.rawValue) AND c.id = k.contact_id
                AND c.id = ANY(ARRAY(SELECT contact_id FROM claimed))
            """)
        var claimed: [ClaimedMessage] = []
        for try await row in rows {
            let cells = row.makeRandomAccess()
            var fields: RecipientFields?
            if try cells[6].decode(UUID?.self) != nil {
                fields = RecipientFields(
                    name: try cells[7].decode(String.self), firstName: try cells[8].decode(String?.self),
                    lastName: try cells[9].decode(String?.self), phone: try cells[10].decode(String.self),
                    email: try cells[11].decode(String?.self), country: try cells[12].decode(String?.self),
                    language: try cells[13].decode(String?.self), attributes: Self.stringAttributes(try cells[14].decode(String.self)))
            }
            claimed.append(
                ClaimedMessage(
                    id: try cells[0].decode(UUID.self), runID: try cells[1].decode(UUID.self), callbackID: try cells[2].decode(UUID.self),
                    toPhone: try cells[3].decode(String.self), variant: try cells[4].decode(Int.self), attempts: try cells[5].decode(Int.self),
                    fields: fields, inServiceWindow: try cells[15].decode(Bool.self)))
        }
        return claimed
    }

    /// Writes a batch of send outcomes in one statement. A message still `sending` (ours) takes the outcome as
    /// is; one a faster webhook already moved keeps the higher status (never lowered), and a retry (`queued`)
    /// only applies to a message still ours. Changes: the messages, and their runs' counters by trigger.
    public func recordOutcomes(_ outcomes: [SendOutcome]) async throws {
        if outcomes.isEmpty { return }
        // Locks in id order, as status webhooks do: the two never wait on each other in a cycle. The update names the
        // ids twice: joined to `unnest` alone, a batch of 7,200 was planned as a hash of every message of the company.
        try await run(
            "SELECT 1 FROM outbound_messages WHERE tenant_id = \(tenant.rawValue) AND id = ANY(\(outcomes.map(\.id))::uuid[]) ORDER BY id FOR UPDATE")
        try await run(
            """
            UPDATE outbound_messages m SET
                status = CASE WHEN m.status = 'sending' THEN u.status
                              WHEN u.status <> 'queued' AND relais_status_rank(u.status) > relais_status_rank(m.status) THEN u.status
                              ELSE m.status END,
                wamid = coalesce(m.wamid, nullif(u.wamid, '')),
                error_code = CASE WHEN u.status IN ('failed', 'skipped') THEN coalesce(m.error_code, nullif(u.code, 0)) ELSE m.error_code END,
                error_title = CASE WHEN u.status IN ('failed', 'skipped', 'queued') THEN nullif(u.title, '') ELSE m.error_title END,
                sent_at = CASE WHEN u.status = 'sent' THEN coalesce(m.sent_at, now()) ELSE m.sent_at END,
                failed_at = CASE WHEN u.status = 'failed' AND m.status = 'sending' THEN coalesce(m.failed_at, now()) ELSE m.failed_at END,
                next_attempt_at = CASE WHEN u.status = 'queued' AND m.status = 'sending' THEN to_timestamp(u.retry_at) ELSE m.next_attempt_at END,
                attempts = CASE WHEN u.refund AND m.status = 'sending' THEN greatest(m.attempts - 1, 0) ELSE m.attempts END,
                lease_until = NULL, updated_at = now()
            FROM unnest(\(outcomes.map(\.id))::uuid[], \(outcomes.map(\.status.rawValue))::text[], \(outcomes.map { $0.wamid ?? "" })::text[],
                        \(outcomes.map { $0.errorCode ?? 0 })::int[], \(outcomes.map { $0.errorTitle ?? "" })::text[],
                        \(outcomes.map { $0.retryAt?.timeIntervalSince1970 ?? 0 })::float8[], \(outcomes.map(\.refundAttempt))::bool[])
                AS u(id, status, wamid, code, title, retry_at, refund)
            WHERE m.tenant_id = \(tenant.rawValue) AND m.id = u.id AND m.id = ANY(\(outcomes.map(\.id))::uuid[])
            """)
    }

    /// After a crash or a lost lease: messages of `number` left `sending` become `uncertain` (the request may have
    /// reached Meta; a webhook or the grace period settles them) — those whose lease ran out, or with `all`, every
    /// one: a send loop starting on a number it just locked knows any `sending` row is a previous owner's.
    /// Returns how many. (`unsettled_since IS NOT NULL` says nothing `status` does not; it lets the planner use the
    /// unsettled index, whose predicate it is.)
    @discardableResult
    public func expireSendingLeases(number: UUID, all: Bool = false) async throws -> Int {
        let rows = try await run(
            """
            UPDATE outbound_messages SET status = 'uncertain', lease_until = NULL, updated_at = now()
            WHERE tenant_id = \(tenant.rawValue) AND number_id = \(number) AND unsettled_since IS NOT NULL AND status = 'sending'
              AND (\(all) OR lease_until < now())
            RETURNING 1
            """)
        return try await rows.collect().count
    }

    /// `uncertain` messages of `number` that no webhook settled within `graceSeconds` go back to the queue: Meta
    /// never saw them (a webhook echoing their callback id would have arrived). Returns how many.
    @discardableResult
    public func requeueUnsettled(number: UUID, graceSeconds: Int) async throws -> Int {
        let rows = try await run(
            """
            UPDATE outbound_messages SET status = 'queued', next_attempt_at = now(), updated_at = now()
            WHERE tenant_id = \(tenant.rawValue) AND number_id = \(number) AND status = 'uncertain'
              AND unsettled_since < now() - make_interval(secs => \(graceSeconds))
            RETURNING 1
            """)
        return try await rows.collect().count
    }

    /// The running runs of `number`, oldest first (the send loop serves them in turn).
    public func runningRuns(number: UUID) async throws -> [CampaignRun] {
        var builder = SQLBuilder()
        builder.append(Self.runSelect)
        builder.bind(tenant.rawValue)
        builder.append(" AND r.number_id = ")
        builder.bind(number)
        builder.append(" AND r.state = 'running' ORDER BY r.started_at")
        return try await decodeRuns(run(builder.query))
    }

    /// Unique recipients `number` messaged over the last 24 hours (the messaging tier counts these).
    public func recipientsLastDay(number: UUID) async throws -> Int {
        let rows = try await run(
            """
            SELECT count(DISTINCT to_phone)::int FROM outbound_messages
            WHERE tenant_id = \(tenant.rawValue) AND number_id = \(number) AND sent_at > now() - interval '24 hours'
            """)
        for try await count in rows.decode(Int.self) { return count }
        return 0
    }

    /// Notes that `phone` wrote to the company at `at`: the contact's `last_inbound_at` (it opens WhatsApp's 24-hour
    /// customer-service window and feeds "engaged" segments), and a reply (and an opt-out) on a campaign message, once:
    /// the message the reply names in its context (`replyTo`, a wamid) when it is a campaign's, else the latest
    /// campaign message sent to that person in the last 7 days. A quick-reply tap (`buttonTap`) also marks that
    /// message clicked. Changes: the contact; that message and its run's `replied`/`opted_out` counters by trigger.
    public func noteInbound(from phone: String, at: Date, optOut: Bool, replyTo: String? = nil, buttonTap: Bool = false) async throws {
        try await run(
            """
            UPDATE contacts SET last_inbound_at = greatest(coalesce(last_inbound_at, \(at)), \(at))
            WHERE tenant_id = \(tenant.rawValue) AND phone = \(phone)
            """)
        if let replyTo {
            let rows = try await run(
                """
                UPDATE outbound_messages SET replied_at = coalesce(replied_at, now()),
                    opted_out_at = CASE WHEN \(optOut) THEN coalesce(opted_out_at, now()) ELSE opted_out_at END,
                    clicked_at = CASE WHEN \(buttonTap) THEN coalesce(clicked_at, now()) ELSE clicked_at END
                WHERE tenant_id = \(tenant.rawValue) AND wamid = \(replyTo) AND run_id IS NOT NULL AND to_phone = \(phone)
                RETURNING 1
                """)
            if try await rows.collect().count > 0 { return }
        }
        try await run(
            """
            UPDATE outbound_messages SET replied_at = coalesce(replied_at, now()),
                opted_out_at = CASE WHEN \(optOut) THEN coalesce(opted_out_at, now()) ELSE opted_out_at END
            WHERE tenant_id = \(tenant.rawValue) AND id = (
                SELECT id FROM outbound_messages WHERE tenant_id = \(tenant.rawValue) AND to_phone = \(phone) AND run_id IS NOT NULL
                  AND sent_at > now() - interval '7 days' ORDER BY created_at DESC LIMIT 1)
              AND (replied_at IS NULL OR (\(optOut) AND opted_out_at IS NULL))
            """)
    }
}

extension TenantlessConnection {
    /// Numbers that have a running run, across tenants (through `relais_dispatch_numbers`).
    public func dispatchNumbers() async throws -> [DispatchNumber] {
        let rows = try await run("SELECT tenant_id, number_id FROM relais_dispatch_numbers()")
        var numbers: [DispatchNumber] = []
        for try await (tenant, number) in rows.decode((UUID, UUID).self) { numbers.append(DispatchNumber(tenant: TenantID(tenant), number: number)) }
        return numbers
    }

    /// Campaigns due to fire, across tenants (through `relais_due_campaigns`); each is re-checked and locked in its tenant.
    public func dueCampaigns(limit: Int) async throws -> [(tenant: TenantID, campaign: UUID)] {
        let rows = try await run("SELECT tenant_id, campaign_id FROM relais_due_campaigns(\(limit)::int)")
        var due: [(TenantID, UUID)] = []
        for try await (tenant, campaign) in rows.decode((UUID, UUID).self) { due.append((TenantID(tenant), campaign)) }
        return due
    }

    /// Analyses the contact and message tables when they changed in bulk since their last analysis (through
    /// `relais_refresh_statistics`, migration 0016), so a send loop starting right after an import or a launch is
    /// not planned on the statistics of an empty company.
    public func refreshStatistics() async throws {
        try await run("SELECT relais_refresh_statistics()")
    }

    /// A/B tests whose decision time has come, across tenants.
    public func dueABDecisions(limit: Int) async throws -> [(tenant: TenantID, run: UUID)] {
        let rows = try await run("SELECT tenant_id, run_id FROM relais_due_ab_decisions(\(limit)::int)")
        var due: [(TenantID, UUID)] = []
        for try await (tenant, run) in rows.decode((UUID, UUID).self) { due.append((TenantID(tenant), run)) }
        return due
    }
}

extension TenantConnection {
    /// Of these runs, the ones no longer running (paused, cancelled, finished), with their state: their claimed
    /// messages must not leave.
    public func stoppedRuns(_ ids: [UUID]) async throws -> [UUID: CampaignRun.State] {
        let rows = try await run(
            "SELECT id, state FROM campaign_runs WHERE tenant_id = \(tenant.rawValue) AND id = ANY(\(ids)::uuid[]) AND state <> 'running'")
        var stopped: [UUID: CampaignRun.State] = [:]
        for try await (id, state) in rows.decode((UUID, String).self) { stopped[id] = CampaignRun.State(rawValue: state) ?? .paused }
        return stopped
    }
}
