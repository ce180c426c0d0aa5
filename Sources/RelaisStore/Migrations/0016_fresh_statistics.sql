-- Planner statistics refreshed when the tables the send loop reads just changed in bulk. Autovacuum analyses a
-- table once a tenth of it changed, but looks only once a minute: a campaign launched right after an import of
-- its contacts, or its own 200,000 recipients just materialised, was planned on the statistics of a nearly empty
-- company. Each claim of 196 messages then read every contact of the company once per claimed message through the
-- country index (0.75 ms each, a claim growing from 33 to 275 ms over 2,400 messages, and each number sent 90 %
-- of its 80 msg/s).

-- Analyses those of the send loop's tables that changed by more than 1,000 rows and a tenth of their size since
-- their last analysis, the rule autovacuum applies, but now. ANALYZE needs the table's owner, hence SECURITY
-- DEFINER; it reads a sample (30,000 rows), not the table, and changes statistics only, never data. Called by
-- a send loop when it starts.
CREATE FUNCTION relais_refresh_statistics() RETURNS void
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp
    AS $$
    DECLARE
        stale text;
    BEGIN
        -- Loops start together (ten launches, a restart): one of them analyses, the others do not queue behind it.
        IF NOT pg_try_advisory_xact_lock(hashtextextended('relais_refresh_statistics', 0)) THEN
            RETURN;
        END IF;
        FOR stale IN
            SELECT s.relname FROM pg_stat_user_tables s JOIN pg_class c ON c.oid = s.relid
            WHERE s.schemaname = 'public' AND s.relname IN ('contacts', 'contact_tags', 'outbound_messages')
              AND s.n_mod_since_analyze > 1000 + 0.1 * greatest(c.reltuples, 0)
            ORDER BY s.relname
        LOOP
            EXECUTE format('ANALYZE %I', stale);
        END LOOP;
    END
    $$;

REVOKE ALL ON FUNCTION relais_refresh_statistics() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION relais_refresh_statistics() TO relais_application;
