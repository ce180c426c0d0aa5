-- Weekly reports claimed in the database, so that with several nodes each company's week is generated once: a node
-- claims (company, week) before writing the PDF; a claim older than 30 minutes is taken over (its node died).
-- Only the SECURITY DEFINER function below touches the table; the application role has no grant on it.
CREATE TABLE weekly_report_claims (
    tenant_id   uuid NOT NULL REFERENCES companies (tenant_id) ON DELETE CASCADE,
    -- The Monday of the week the report covers (a local date of the company).
    week_start  date NOT NULL,
    claimed_at  timestamptz NOT NULL,
    PRIMARY KEY (tenant_id, week_start)
);
ALTER TABLE weekly_report_claims ENABLE ROW LEVEL SECURITY;

-- Claims up to p_limit companies whose last complete week (Monday to Sunday in their time zone, as of p_now) has no
-- report and no live claim, and returns them with that Monday. Two nodes calling it at once get disjoint sets: the
-- second insert of a key waits for the first and then finds a fresh claim, which it leaves alone. p_now is a
-- parameter so that tests can run the service on a chosen Monday.
CREATE FUNCTION relais_claim_weekly_reports(p_limit integer, p_now timestamptz) RETURNS TABLE (tenant_id uuid, week_start date)
    LANGUAGE sql VOLATILE SECURITY DEFINER SET search_path = public, pg_temp
    AS $$
    INSERT INTO weekly_report_claims AS k (tenant_id, week_start, claimed_at)
    SELECT c.tenant_id, w.week_start, p_now
    FROM companies c
    CROSS JOIN LATERAL (SELECT (date_trunc('week', p_now AT TIME ZONE relais_safe_zone(c.timezone)))::date - 7 AS week_start) w
    WHERE c.weekly_report
      AND NOT EXISTS (SELECT 1 FROM report_files f WHERE f.tenant_id = c.tenant_id AND f.kind = 'weekly_overview' AND f.period_from = w.week_start)
      AND NOT EXISTS (
          SELECT 1 FROM weekly_report_claims o
          WHERE o.tenant_id = c.tenant_id AND o.week_start = w.week_start AND o.claimed_at > p_now - interval '30 minutes')
    ORDER BY c.tenant_id LIMIT p_limit
    ON CONFLICT (tenant_id, week_start) DO UPDATE SET claimed_at = EXCLUDED.claimed_at
        WHERE k.claimed_at <= EXCLUDED.claimed_at - interval '30 minutes'
    RETURNING k.tenant_id, k.week_start
    $$;
REVOKE ALL ON FUNCTION relais_claim_weekly_reports(integer, timestamptz) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION relais_claim_weekly_reports(integer, timestamptz) TO relais_application;
