-- 0004 — campaigns, their runs, and the send queue.
--
-- A campaign says what is sent (a template and how its parameters are filled), to whom (an
-- audience), from which number and when. Each occurrence of its schedule is a run; launching a run
-- materialises one outbound_messages row per recipient in the transaction that starts it, and that
-- table is the queue the send loops claim from. Each run's counters move in the same statements as
-- its messages' statuses (a statement-level trigger), so progress is read from one row, never by
-- scanning messages.

CREATE TABLE campaigns (
    tenant_id     uuid NOT NULL REFERENCES companies (tenant_id) ON DELETE CASCADE,
    id            uuid NOT NULL DEFAULT gen_random_uuid(),
    name          text NOT NULL CHECK (length(name) BETWEEN 1 AND 120),
    number_id     uuid NOT NULL,
    owner_id      uuid,
    state         text NOT NULL DEFAULT 'draft'
                  CHECK (state IN ('draft', 'scheduled', 'running', 'paused', 'completed', 'cancelled', 'failed')),
    -- Why the campaign is paused, failed or held (a scheduled campaign whose template became unusable).
    state_reason  text CHECK (length(state_reason) <= 500),
    held          boolean NOT NULL DEFAULT false,
    -- The template and its parameter expressions (CampaignContent as JSON).
    content       jsonb NOT NULL CHECK (jsonb_typeof(content) = 'object'),
    -- {tags_any, tags_all, tags_none, segments, include_unknown_consent}.
    audience      jsonb NOT NULL DEFAULT '{}' CHECK (jsonb_typeof(audience) = 'object'),
    -- A/B: {variants: [CampaignContent…], test_share, metric, decision_hours, confidence, fallback}; NULL without a test.
    ab            jsonb CHECK (ab IS NULL OR jsonb_typeof(ab) = 'object'),
    -- The schedule: wall-clock start in a named zone, an optional recurrence and send window.
    start_local   text,
    time_zone     text,
    recurrence    jsonb,
    send_window   jsonb,
    -- The next occurrence the scheduler fires, and its index (0 = the first).
    next_run_at   timestamptz,
    next_occurrence integer NOT NULL DEFAULT 0,
    created_at    timestamptz NOT NULL DEFAULT now(),
    updated_at    timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, id),
    FOREIGN KEY (tenant_id, number_id) REFERENCES whatsapp_numbers (tenant_id, id) ON DELETE CASCADE
);
CREATE INDEX campaigns_recent ON campaigns (tenant_id, created_at DESC, id DESC);
-- The scheduler's claim: scheduled, not held, due.
CREATE INDEX campaigns_due ON campaigns (next_run_at) WHERE state = 'scheduled' AND NOT held;

-- One occurrence of a campaign being sent, with its counters.
CREATE TABLE campaign_runs (
    tenant_id     uuid NOT NULL,
    id            uuid NOT NULL DEFAULT gen_random_uuid(),
    campaign_id   uuid NOT NULL,
    number_id     uuid NOT NULL,
    occurrence    integer NOT NULL,
    state         text NOT NULL DEFAULT 'running' CHECK (state IN ('running', 'paused', 'completed', 'cancelled', 'failed')),
    -- Why the run sends nothing right now although it is running (tier cap, send window, throttling).
    waiting_reason text,
    -- A/B: 'testing' until the decision, then 'decided' (the remainder is materialised with the winner).
    ab_stage      text CHECK (ab_stage IN ('testing', 'decided')),
    ab_decide_at  timestamptz,
    ab_winner     integer,
    ab_decision   jsonb,
    recipients    integer NOT NULL DEFAULT 0,
    queued        integer NOT NULL DEFAULT 0,
    sending       integer NOT NULL DEFAULT 0,
    sent          integer NOT NULL DEFAULT 0,
    delivered     integer NOT NULL DEFAULT 0,
    read          integer NOT NULL DEFAULT 0,
    failed        integer NOT NULL DEFAULT 0,
    uncertain     integer NOT NULL DEFAULT 0,
    skipped       integer NOT NULL DEFAULT 0,
    replied       integer NOT NULL DEFAULT 0,
    opted_out     integer NOT NULL DEFAULT 0,
    started_at    timestamptz NOT NULL DEFAULT now(),
    finished_at   timestamptz,
    PRIMARY KEY (tenant_id, id),
    FOREIGN KEY (tenant_id, campaign_id) REFERENCES campaigns (tenant_id, id) ON DELETE CASCADE
);
-- An occurrence fires once, however many schedulers race for it.
CREATE UNIQUE INDEX campaign_runs_occurrence ON campaign_runs (tenant_id, campaign_id, occurrence);
-- The dispatcher's view: running runs by number.
CREATE INDEX campaign_runs_active ON campaign_runs (number_id) WHERE state = 'running';

-- The queue: campaign messages are outbound messages with a run, a contact and a variant.
ALTER TABLE outbound_messages
    ADD COLUMN campaign_id     uuid,
    ADD COLUMN run_id          uuid,
    ADD COLUMN contact_id      uuid,
    ADD COLUMN variant         integer NOT NULL DEFAULT 0,
    ADD COLUMN category        text,
    ADD COLUMN attempts        integer NOT NULL DEFAULT 0,
    ADD COLUMN next_attempt_at timestamptz NOT NULL DEFAULT now(),
    ADD COLUMN lease_until     timestamptz,
    ADD COLUMN replied_at      timestamptz,
    ADD COLUMN opted_out_at    timestamptz,
    ADD FOREIGN KEY (tenant_id, run_id) REFERENCES campaign_runs (tenant_id, id) ON DELETE CASCADE;
ALTER TABLE outbound_messages DROP CONSTRAINT outbound_messages_status_check;
ALTER TABLE outbound_messages ADD CONSTRAINT outbound_messages_status_check
    CHECK (status IN ('queued', 'sending', 'sent', 'delivered', 'read', 'failed', 'uncertain', 'skipped'));
-- A contact receives a run's message once, even if materialisation were attempted twice.
CREATE UNIQUE INDEX outbound_messages_run_contact ON outbound_messages (tenant_id, run_id, contact_id) WHERE run_id IS NOT NULL;
-- The send loop's claim: a run's queued messages whose time has come.
CREATE INDEX outbound_messages_claim ON outbound_messages (tenant_id, run_id, next_attempt_at) WHERE status = 'queued';
-- Crash recovery and reconciliation: messages left sending or uncertain, by number.
CREATE INDEX outbound_messages_unsettled ON outbound_messages (tenant_id, number_id, updated_at) WHERE status IN ('sending', 'uncertain');
-- The frequency cap and conversations: a recipient's recent messages.
CREATE INDEX outbound_messages_recipient ON outbound_messages (tenant_id, to_phone, created_at DESC);
-- The messaging tier: unique recipients of a number over the last 24 h.
CREATE INDEX outbound_messages_number_sent ON outbound_messages (tenant_id, number_id, sent_at) WHERE sent_at IS NOT NULL;

-- The frequency cap: at most this many marketing messages per contact per 7 days, across campaigns.
ALTER TABLE companies ADD COLUMN marketing_cap_per_week integer NOT NULL DEFAULT 2 CHECK (marketing_cap_per_week BETWEEN 0 AND 100);

-- The rank a status holds for the counters: 'skipped' is final like 'failed'.
CREATE OR REPLACE FUNCTION relais_status_rank(p_status text) RETURNS integer
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    AS $$ SELECT CASE p_status WHEN 'queued' THEN 0 WHEN 'sending' THEN 1 WHEN 'uncertain' THEN 1 WHEN 'sent' THEN 2
                               WHEN 'delivered' THEN 3 WHEN 'read' THEN 4 WHEN 'failed' THEN 5 WHEN 'skipped' THEN 5 ELSE 0 END $$;

-- One signed change of one message row for the counters: -1 for the row before a statement, +1 after.
CREATE TYPE relais_run_delta AS (tenant_id uuid, run_id uuid, status text, replied integer, opted_out integer, d integer);

-- Applies a statement's deltas: one UPDATE per run, whatever the batch size. Runs are locked in id
-- order so two statements touching the same runs cannot deadlock on them. `recipients` moves by the
-- net number of rows (inserted or deleted). Each touched run is announced on `relais_progress`
-- (PostgreSQL folds repeats within a transaction) for the live views.
CREATE FUNCTION relais_apply_run_deltas(p_deltas relais_run_delta[]) RETURNS void
    LANGUAGE plpgsql SET search_path = public, pg_temp
    AS $$
    DECLARE r record;
    BEGIN
        FOR r IN
            SELECT d.tenant_id, d.run_id, sum(d.d) AS rows,
                   coalesce(sum(d.d) FILTER (WHERE d.status = 'queued'), 0) AS queued,
                   coalesce(sum(d.d) FILTER (WHERE d.status = 'sending'), 0) AS sending,
                   coalesce(sum(d.d) FILTER (WHERE d.status = 'sent'), 0) AS sent,
                   coalesce(sum(d.d) FILTER (WHERE d.status = 'delivered'), 0) AS delivered,
                   coalesce(sum(d.d) FILTER (WHERE d.status = 'read'), 0) AS read,
                   coalesce(sum(d.d) FILTER (WHERE d.status = 'failed'), 0) AS failed,
                   coalesce(sum(d.d) FILTER (WHERE d.status = 'uncertain'), 0) AS uncertain,
                   coalesce(sum(d.d) FILTER (WHERE d.status = 'skipped'), 0) AS skipped,
                   coalesce(sum(d.d * d.replied), 0) AS replied,
                   coalesce(sum(d.d * d.opted_out), 0) AS opted_out
            FROM unnest(p_deltas) d WHERE d.run_id IS NOT NULL GROUP BY d.tenant_id, d.run_id ORDER BY d.run_id
        LOOP
            CONTINUE WHEN r.rows = 0 AND r.queued = 0 AND r.sending = 0 AND r.sent = 0 AND r.delivered = 0 AND r.read = 0
                AND r.failed = 0 AND r.uncertain = 0 AND r.skipped = 0 AND r.replied = 0 AND r.opted_out = 0;
            UPDATE campaign_runs c SET
                recipients = c.recipients + r.rows,
                queued = c.queued + r.queued, sending = c.sending + r.sending, sent = c.sent + r.sent,
                delivered = c.delivered + r.delivered, read = c.read + r.read, failed = c.failed + r.failed,
                uncertain = c.uncertain + r.uncertain, skipped = c.skipped + r.skipped,
                replied = c.replied + r.replied, opted_out = c.opted_out + r.opted_out
            WHERE c.tenant_id = r.tenant_id AND c.id = r.run_id;
            PERFORM pg_notify('relais_progress', r.tenant_id::text || ':' || r.run_id::text);
        END LOOP;
    END
    $$;

-- The statement-level trigger behind the counters (transition tables: one call per statement, not per row).
-- A branch only names the transition tables its operation has.
CREATE FUNCTION relais_count_run_messages() RETURNS trigger
    LANGUAGE plpgsql SET search_path = public, pg_temp
    AS $$
    BEGIN
        IF TG_OP = 'INSERT' THEN
            PERFORM relais_apply_run_deltas(ARRAY(
                SELECT ROW(n.tenant_id, n.run_id, n.status, (n.replied_at IS NOT NULL)::int, (n.opted_out_at IS NOT NULL)::int, 1)::relais_run_delta
                FROM new_rows n WHERE n.run_id IS NOT NULL));
        ELSIF TG_OP = 'UPDATE' THEN
            PERFORM relais_apply_run_deltas(ARRAY(
                SELECT ROW(o.tenant_id, o.run_id, o.status, (o.replied_at IS NOT NULL)::int, (o.opted_out_at IS NOT NULL)::int, -1)::relais_run_delta
                FROM old_rows o WHERE o.run_id IS NOT NULL
                UNION ALL
                SELECT ROW(n.tenant_id, n.run_id, n.status, (n.replied_at IS NOT NULL)::int, (n.opted_out_at IS NOT NULL)::int, 1)::relais_run_delta
                FROM new_rows n WHERE n.run_id IS NOT NULL));
        ELSE
            PERFORM relais_apply_run_deltas(ARRAY(
                SELECT ROW(o.tenant_id, o.run_id, o.status, (o.replied_at IS NOT NULL)::int, (o.opted_out_at IS NOT NULL)::int, -1)::relais_run_delta
                FROM old_rows o WHERE o.run_id IS NOT NULL));
        END IF;
        RETURN NULL;
    END
    $$;

CREATE TRIGGER outbound_messages_count_insert AFTER INSERT ON outbound_messages
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION relais_count_run_messages();
CREATE TRIGGER outbound_messages_count_update AFTER UPDATE ON outbound_messages
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION relais_count_run_messages();
CREATE TRIGGER outbound_messages_count_delete AFTER DELETE ON outbound_messages
    REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION relais_count_run_messages();

DO $$
DECLARE t text;
BEGIN
    FOREACH t IN ARRAY ARRAY['campaigns', 'campaign_runs'] LOOP
        EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
        EXECUTE format(
            'CREATE POLICY tenant_isolation ON %I USING (tenant_id = relais_current_tenant()) WITH CHECK (tenant_id = relais_current_tenant())',
            t);
    END LOOP;
END
$$;
GRANT SELECT, INSERT, UPDATE, DELETE ON campaigns, campaign_runs TO relais_application;

-- The dispatcher's cross-tenant path: which numbers have a running run (a send loop must own them).
-- Returns tenant and number only; the loop then works inside that tenant under row-level security.
CREATE FUNCTION relais_dispatch_numbers() RETURNS TABLE (tenant_id uuid, number_id uuid)
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
    AS $$ SELECT DISTINCT r.tenant_id, r.number_id FROM campaign_runs r WHERE r.state = 'running' $$;

-- The scheduler's cross-tenant path: campaigns whose next occurrence is due. Locks nothing: the
-- scheduler re-reads each one inside its tenant with FOR UPDATE SKIP LOCKED before firing it.
CREATE FUNCTION relais_due_campaigns(p_limit integer) RETURNS TABLE (tenant_id uuid, campaign_id uuid)
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
    AS $$ SELECT c.tenant_id, c.id FROM campaigns c
          WHERE c.state = 'scheduled' AND NOT c.held AND c.next_run_at <= now()
          ORDER BY c.next_run_at LIMIT p_limit $$;

-- A/B tests whose decision time has come, across tenants.
CREATE FUNCTION relais_due_ab_decisions(p_limit integer) RETURNS TABLE (tenant_id uuid, run_id uuid)
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
    AS $$ SELECT r.tenant_id, r.id FROM campaign_runs r
          WHERE r.ab_stage = 'testing' AND r.state IN ('running', 'completed') AND r.ab_decide_at <= now()
          ORDER BY r.ab_decide_at LIMIT p_limit $$;

REVOKE ALL ON FUNCTION relais_dispatch_numbers(), relais_due_campaigns(integer), relais_due_ab_decisions(integer) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION relais_dispatch_numbers(), relais_due_campaigns(integer), relais_due_ab_decisions(integer)
    TO relais_application;
