-- 0018 — an import that wrote many contacts analyses their tables before it shows as completed.
--
-- 0016's `relais_refresh_statistics` decides from `pg_stat_user_tables` which tables changed. Those counts reach it
-- late: a backend publishes its own at most once a second, when idle, so the last second of an import's writes is
-- missing when the import ends, and a fast import of a few thousand rows can look like a few hundred. The import
-- knows what it wrote, so it says so. ANALYZE needs the tables' owner, hence SECURITY DEFINER; it reads a sample
-- (30,000 rows), not the tables, and changes statistics only.

CREATE FUNCTION relais_analyse_imported(written bigint) RETURNS boolean
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp
    AS $$
    BEGIN
        -- Autovacuum's own floor: below it, a company's statistics do not move enough to change a plan.
        IF written <= 1000 THEN
            RETURN false;
        END IF;
        -- The same lock as `relais_refresh_statistics`, waited for: a send loop analysing at this moment may have
        -- judged on counts that did not hold this import's rows yet.
        PERFORM pg_advisory_xact_lock(hashtextextended('relais_refresh_statistics', 0));
        ANALYZE contacts;
        ANALYZE contact_tags;
        RETURN true;
    END
    $$;

REVOKE ALL ON FUNCTION relais_analyse_imported(bigint) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION relais_analyse_imported(bigint) TO relais_application;
