-- 0019 — how far behind the application of stored webhooks is, so that the grace of an uncertain message counts
-- on the webhooks' clock, not only on the wall's.
--
-- An uncertain message (its request may or may not have reached Meta) goes back to the queue when no webhook
-- settled it within the grace. A status webhook that arrived in time but still waits in the inbox, behind others,
-- settles nothing yet: when the inbox falls behind by more than the grace, the message is sent a second time. That
-- is the likeliest reading of a failure of the test that kills a node three times (379 of 20,000 recipients sent
-- twice, grace 30 s, on a slower machine running the whole suite, where statuses arrive faster than they are
-- applied). The send loop now adds the backlog's age to the grace.

-- Seconds since the oldest webhook still waiting to be applied was received; 0 when none waits. Cross-tenant (the
-- inbox is written before routing), hence SECURITY DEFINER; it reveals one number, no content.
CREATE FUNCTION relais_webhook_backlog_seconds() RETURNS double precision
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
    AS $$
        SELECT coalesce(extract(epoch FROM now() - (SELECT received_at FROM webhook_events WHERE state = 'pending' ORDER BY id LIMIT 1)), 0)::float8
    $$;

REVOKE ALL ON FUNCTION relais_webhook_backlog_seconds() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION relais_webhook_backlog_seconds() TO relais_application;
