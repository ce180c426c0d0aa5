-- Webhooks are stored many at a time: each POST used to commit on its own, and under a campaign's status traffic
-- the backends queued on the WAL flush (half of the sampled database time during a dispatch benchmark was
-- `relais_webhook_store` waiting for WALWrite/WALSync). The web app now gathers the bodies that arrive while a
-- store is under way and writes them in one statement, one commit for all; each is still answered 200 only after
-- that commit.

-- Stores several raw webhook bodies in the order given, in one statement.
CREATE FUNCTION relais_webhook_store_all(p_bodies text[]) RETURNS void
    LANGUAGE sql VOLATILE SECURITY DEFINER SET search_path = public, pg_temp
    AS $$ INSERT INTO webhook_events (body) SELECT b FROM unnest(p_bodies) WITH ORDINALITY AS t(b, n) ORDER BY n $$;

REVOKE ALL ON FUNCTION relais_webhook_store_all(text[]) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION relais_webhook_store_all(text[]) TO relais_application;
