-- 0005 — live progress also follows a run's state.
--
-- The counting trigger of 0004 announces a run on `relais_progress` whenever its counters move. A run's
-- state and waiting reason change without any counter moving (the send loop completes a run after its last
-- outcome, a person pauses it, it waits for its send window), so live views would show a finished run as
-- still running until the next webhook, or forever. This trigger announces those changes on the same
-- channel with the same payload ('<tenant>:<run>'); PostgreSQL folds it with the counters' notification
-- when both happen in one transaction.

CREATE FUNCTION relais_announce_run_state() RETURNS trigger
    LANGUAGE plpgsql SET search_path = public, pg_temp
    AS $$
    BEGIN
        PERFORM pg_notify('relais_progress', NEW.tenant_id::text || ':' || NEW.id::text);
        RETURN NULL;
    END
    $$;

-- Only a real change of the two columns announces anything: the counters' own UPDATE does not name them.
CREATE TRIGGER campaign_runs_announce_state AFTER UPDATE OF state, waiting_reason ON campaign_runs
    FOR EACH ROW WHEN (OLD.state IS DISTINCT FROM NEW.state OR OLD.waiting_reason IS DISTINCT FROM NEW.waiting_reason)
    EXECUTE FUNCTION relais_announce_run_state();
