-- 0006 — delivery analytics: rollups kept in the same transactions as message statuses, and scheduled reports.
--
-- The dashboard and the campaign report must answer in milliseconds over millions of messages, so they never
-- scan outbound_messages. A statement-level trigger (like 0004's run counters) folds every insert, update and
-- delete of messages into `message_stats`: one row per company, local hour, run, variant, status, error code
-- and pricing category, holding how many messages stand there and how many of them were replied to or caused
-- an opt-out. A message belongs to the hour it was sent (or created, until it is sent), in the company's time
-- zone, so days and the hour × weekday heat map are the company's own. Statuses only move up in rank (the
-- webhook path guarantees it), so the rows here are each message's current, final-most status.

CREATE TABLE message_stats (
    tenant_id    uuid NOT NULL,
    -- The local wall-clock hour (company time zone) of sent_at, or created_at before the message is sent.
    hour         timestamp NOT NULL,
    -- The nil uuid for messages outside campaigns (test sends).
    run_id       uuid NOT NULL,
    variant      integer NOT NULL,
    status       text NOT NULL,
    -- 0 when the message has no error code; '' when no pricing category arrived.
    error_code   integer NOT NULL,
    pricing      text NOT NULL,
    number_id    uuid NOT NULL,
    campaign_id  uuid NOT NULL,
    messages     integer NOT NULL DEFAULT 0,
    replied      integer NOT NULL DEFAULT 0,
    opted_out    integer NOT NULL DEFAULT 0,
    PRIMARY KEY (tenant_id, hour, run_id, variant, status, error_code, pricing, number_id, campaign_id)
);
-- The campaign report: one campaign's rows without reading the company's others.
CREATE INDEX message_stats_campaign ON message_stats (tenant_id, campaign_id, hour);

-- The recipients list of a campaign report, paged by id, optionally by status.
CREATE INDEX outbound_messages_campaign_recipients ON outbound_messages (tenant_id, campaign_id, id) WHERE campaign_id IS NOT NULL;

-- One signed change of one message row for the rollup: -1 for the row before a statement, +1 after.
CREATE TYPE relais_stat_delta AS (
    tenant_id uuid, at timestamptz, number_id uuid, campaign_id uuid, run_id uuid, variant integer, status text,
    error_code integer, pricing text, replied integer, opted_out integer, d integer);

-- A company's time zone if PostgreSQL knows it, else UTC: a zone name PostgreSQL does not know must never make a
-- status update fail. Called once per company per statement (the exception block is a subtransaction).
CREATE FUNCTION relais_safe_zone(p_zone text) RETURNS text
    LANGUAGE plpgsql STABLE SET search_path = public, pg_temp
    AS $$
    BEGIN
        PERFORM now() AT TIME ZONE p_zone;
        RETURN p_zone;
    EXCEPTION WHEN others THEN
        RETURN 'UTC';
    END
    $$;

-- Applies a statement's deltas: grouped by rollup row first (so one INSERT never touches a row twice), rows with a
-- net change only, in key order (two statements upserting the same rows take their locks in the same order).
-- SECURITY DEFINER: it writes derived rows only, and must also work for statements outside a tenant context.
CREATE FUNCTION relais_apply_stat_deltas(p_deltas relais_stat_delta[]) RETURNS void
    LANGUAGE sql SECURITY DEFINER SET search_path = public, pg_temp
    AS $$
    WITH zones AS MATERIALIZED (
        SELECT c.tenant_id, relais_safe_zone(c.timezone) AS zone
        FROM companies c WHERE c.tenant_id IN (SELECT DISTINCT d.tenant_id FROM unnest(p_deltas) d)
    ), grouped AS (
        SELECT d.tenant_id, date_trunc('hour', d.at AT TIME ZONE z.zone) AS hour, coalesce(d.run_id, '00000000-0000-0000-0000-000000000000'::uuid) AS run_id,
               d.variant, d.status, coalesce(d.error_code, 0) AS error_code, coalesce(d.pricing, '') AS pricing, d.number_id,
               coalesce(d.campaign_id, '00000000-0000-0000-0000-000000000000'::uuid) AS campaign_id,
               sum(d.d)::int AS messages, sum(d.d * d.replied)::int AS replied, sum(d.d * d.opted_out)::int AS opted_out
        FROM unnest(p_deltas) d JOIN zones z ON z.tenant_id = d.tenant_id
        GROUP BY 1, 2, 3, 4, 5, 6, 7, 8, 9
        HAVING sum(d.d) <> 0 OR sum(d.d * d.replied) <> 0 OR sum(d.d * d.opted_out) <> 0
    )
    INSERT INTO message_stats AS s (tenant_id, hour, run_id, variant, status, error_code, pricing, number_id, campaign_id, messages, replied, opted_out)
    SELECT * FROM grouped ORDER BY 1, 2, 3, 4, 5, 6, 7, 8, 9
    ON CONFLICT (tenant_id, hour, run_id, variant, status, error_code, pricing, number_id, campaign_id) DO UPDATE SET
        messages = s.messages + excluded.messages, replied = s.replied + excluded.replied, opted_out = s.opted_out + excluded.opted_out
    $$;

-- The statement-level trigger behind the rollup (transition tables: one call per statement, not per row).
CREATE FUNCTION relais_roll_up_messages() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp
    AS $$
    BEGIN
        IF TG_OP = 'INSERT' THEN
            PERFORM relais_apply_stat_deltas(ARRAY(
                SELECT ROW(n.tenant_id, coalesce(n.sent_at, n.created_at), n.number_id, n.campaign_id, n.run_id, n.variant, n.status,
                           n.error_code, n.pricing_category, (n.replied_at IS NOT NULL)::int, (n.opted_out_at IS NOT NULL)::int, 1)::relais_stat_delta
                FROM new_rows n));
        ELSIF TG_OP = 'UPDATE' THEN
            PERFORM relais_apply_stat_deltas(ARRAY(
                SELECT ROW(o.tenant_id, coalesce(o.sent_at, o.created_at), o.number_id, o.campaign_id, o.run_id, o.variant, o.status,
                           o.error_code, o.pricing_category, (o.replied_at IS NOT NULL)::int, (o.opted_out_at IS NOT NULL)::int, -1)::relais_stat_delta
                FROM old_rows o
                UNION ALL
                SELECT ROW(n.tenant_id, coalesce(n.sent_at, n.created_at), n.number_id, n.campaign_id, n.run_id, n.variant, n.status,
                           n.error_code, n.pricing_category, (n.replied_at IS NOT NULL)::int, (n.opted_out_at IS NOT NULL)::int, 1)::relais_stat_delta
                FROM new_rows n));
        ELSE
            PERFORM relais_apply_stat_deltas(ARRAY(
                SELECT ROW(o.tenant_id, coalesce(o.sent_at, o.created_at), o.number_id, o.campaign_id, o.run_id, o.variant, o.status,
                           o.error_code, o.pricing_category, (o.replied_at IS NOT NULL)::int, (o.opted_out_at IS NOT NULL)::int, -1)::relais_stat_delta
                FROM old_rows o));
        END IF;
        RETURN NULL;
    END
    $$;

CREATE TRIGGER outbound_messages_stats_insert AFTER INSERT ON outbound_messages
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION relais_roll_up_messages();
CREATE TRIGGER outbound_messages_stats_update AFTER UPDATE ON outbound_messages
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION relais_roll_up_messages();
CREATE TRIGGER outbound_messages_stats_delete AFTER DELETE ON outbound_messages
    REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION relais_roll_up_messages();

-- Messages that existed before this migration.
SELECT relais_apply_stat_deltas(ARRAY(
    SELECT ROW(m.tenant_id, coalesce(m.sent_at, m.created_at), m.number_id, m.campaign_id, m.run_id, m.variant, m.status,
               m.error_code, m.pricing_category, (m.replied_at IS NOT NULL)::int, (m.opted_out_at IS NOT NULL)::int, 1)::relais_stat_delta
    FROM outbound_messages m));

-- Scheduled reports: an admin turns on the weekly overview; a background service writes one PDF per company and week.
ALTER TABLE companies ADD COLUMN weekly_report boolean NOT NULL DEFAULT false;

CREATE TABLE report_files (
    tenant_id     uuid NOT NULL REFERENCES companies (tenant_id) ON DELETE CASCADE,
    id            uuid NOT NULL DEFAULT gen_random_uuid(),
    kind          text NOT NULL CHECK (kind IN ('weekly_overview')),
    -- The local dates the report covers, both included.
    period_from   date NOT NULL,
    period_to     date NOT NULL CHECK (period_to >= period_from),
    content       bytea NOT NULL,
    generated_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, id)
);
-- One report per company, kind and period, however many nodes generate.
CREATE UNIQUE INDEX report_files_period ON report_files (tenant_id, kind, period_from);

DO $$
DECLARE t text;
BEGIN
    FOREACH t IN ARRAY ARRAY['message_stats', 'report_files'] LOOP
        EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
        EXECUTE format(
            'CREATE POLICY tenant_isolation ON %I USING (tenant_id = relais_current_tenant()) WITH CHECK (tenant_id = relais_current_tenant())',
            t);
    END LOOP;
END
$$;
-- The rollup is written by its SECURITY DEFINER trigger only; the application reads it.
GRANT SELECT ON message_stats TO relais_application;
GRANT SELECT, INSERT, DELETE ON report_files TO relais_application;

-- The report service's cross-tenant path: companies with the weekly report on whose last complete week (Monday to
-- Sunday, in their time zone) has no report yet. Returns the company and that Monday; nothing else crosses tenants.
CREATE FUNCTION relais_due_weekly_reports(p_limit integer) RETURNS TABLE (tenant_id uuid, week_start date)
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
    AS $$
    SELECT c.tenant_id, w.week_start
    FROM companies c
    CROSS JOIN LATERAL (SELECT (date_trunc('week', now() AT TIME ZONE relais_safe_zone(c.timezone)))::date - 7 AS week_start) w
    WHERE c.weekly_report
      AND NOT EXISTS (SELECT 1 FROM report_files f WHERE f.tenant_id = c.tenant_id AND f.kind = 'weekly_overview' AND f.period_from = w.week_start)
    ORDER BY c.tenant_id LIMIT p_limit
    $$;
REVOKE ALL ON FUNCTION relais_due_weekly_reports(integer) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION relais_due_weekly_reports(integer) TO relais_application;
