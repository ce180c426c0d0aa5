-- 0002 — WhatsApp: connected numbers, message templates, the webhook inbox,
-- outbound messages (with their status timeline) and inbound messages.

-- A WhatsApp Business phone number a company connected. The access token is
-- stored sealed (AES-256-GCM, tenant and column bound as associated data).
CREATE TABLE whatsapp_numbers (
    tenant_id            uuid NOT NULL REFERENCES companies (tenant_id) ON DELETE CASCADE,
    id                   uuid NOT NULL,
    phone_number_id      text NOT NULL CHECK (phone_number_id ~ '^[0-9]{1,40}$'),
    waba_id              text NOT NULL CHECK (waba_id ~ '^[0-9]{1,40}$'),
    display_phone_number text NOT NULL,
    verified_name        text NOT NULL DEFAULT '',
    quality_rating       text NOT NULL DEFAULT 'UNKNOWN',
    throughput           integer NOT NULL DEFAULT 80 CHECK (throughput > 0),
    tier                 text NOT NULL DEFAULT 'TIER_UNLIMITED',
    status               text NOT NULL DEFAULT 'connected' CHECK (status IN ('connected', 'paused', 'error')),
    status_reason        text,
    sandbox              boolean NOT NULL DEFAULT false,
    access_token_sealed  text NOT NULL,
    verified_at          timestamptz NOT NULL DEFAULT now(),
    created_at           timestamptz NOT NULL DEFAULT now(),
    updated_at           timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, id)
);
-- One Meta phone number belongs to one company on the whole platform: webhooks are routed by it.
CREATE UNIQUE INDEX whatsapp_numbers_phone_number_id_key ON whatsapp_numbers (phone_number_id);

-- Message templates of a number's WABA, as Meta knows them (synced, or submitted from Relais).
CREATE TABLE message_templates (
    tenant_id     uuid NOT NULL,
    id            uuid NOT NULL,
    number_id     uuid NOT NULL,
    waba_id       text NOT NULL,
    meta_id       text,
    name          text NOT NULL CHECK (length(name) BETWEEN 1 AND 512 AND name ~ '^[a-z0-9_]+$'),
    language      text NOT NULL,
    category      text NOT NULL CHECK (category IN ('MARKETING', 'UTILITY', 'AUTHENTICATION')),
    status        text NOT NULL,
    status_reason text,
    components    jsonb NOT NULL,
    created_at    timestamptz NOT NULL DEFAULT now(),
    updated_at    timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, id),
    FOREIGN KEY (tenant_id, number_id) REFERENCES whatsapp_numbers (tenant_id, id) ON DELETE CASCADE
);
CREATE UNIQUE INDEX message_templates_identity ON message_templates (tenant_id, waba_id, name, language);

-- Every message Relais sends. `callback_id` travels as biz_opaque_callback_data
-- so a status webhook finds its row even before the send call has answered.
CREATE TABLE outbound_messages (
    tenant_id     uuid NOT NULL,
    id            uuid NOT NULL,
    number_id     uuid NOT NULL,
    to_phone      text NOT NULL,
    kind          text NOT NULL DEFAULT 'template' CHECK (kind IN ('template', 'text')),
    template_name text,
    body_preview  text,
    status        text NOT NULL DEFAULT 'queued'
                  CHECK (status IN ('queued', 'sending', 'sent', 'delivered', 'read', 'failed', 'uncertain')),
    callback_id   uuid NOT NULL,
    wamid         text,
    error_code    integer,
    error_title   text,
    pricing_category text,
    created_at    timestamptz NOT NULL DEFAULT now(),
    sent_at       timestamptz,
    delivered_at  timestamptz,
    read_at       timestamptz,
    failed_at     timestamptz,
    updated_at    timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, id),
    FOREIGN KEY (tenant_id, number_id) REFERENCES whatsapp_numbers (tenant_id, id) ON DELETE CASCADE
);
CREATE UNIQUE INDEX outbound_messages_callback ON outbound_messages (tenant_id, callback_id);
CREATE UNIQUE INDEX outbound_messages_wamid ON outbound_messages (tenant_id, wamid) WHERE wamid IS NOT NULL;

-- Messages people sent to a company's numbers.
CREATE TABLE inbound_messages (
    tenant_id    uuid NOT NULL,
    id           uuid NOT NULL,
    number_id    uuid NOT NULL,
    wamid        text NOT NULL,
    from_phone   text NOT NULL,
    profile_name text,
    type         text NOT NULL,
    text         text,
    payload      text,
    context_wamid text,
    opt_out      boolean NOT NULL DEFAULT false,
    sent_at      timestamptz NOT NULL,
    received_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, id),
    FOREIGN KEY (tenant_id, number_id) REFERENCES whatsapp_numbers (tenant_id, id) ON DELETE CASCADE
);
CREATE UNIQUE INDEX inbound_messages_wamid ON inbound_messages (tenant_id, wamid);
CREATE INDEX inbound_messages_from ON inbound_messages (tenant_id, from_phone, sent_at DESC);

-- Per company: the words that, sent alone to one of its numbers, opt the sender out of marketing.
ALTER TABLE companies ADD COLUMN opt_out_keywords text[] NOT NULL
    DEFAULT ARRAY['STOP', 'ARRET', 'ARRÊT', 'STOPP', 'UNSUBSCRIBE', 'DESINSCRIRE', 'DÉSINSCRIRE'];

DO $$
DECLARE t text;
BEGIN
    FOREACH t IN ARRAY ARRAY['whatsapp_numbers', 'message_templates', 'outbound_messages', 'inbound_messages'] LOOP
        EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
        EXECUTE format(
            'CREATE POLICY tenant_isolation ON %I USING (tenant_id = relais_current_tenant()) WITH CHECK (tenant_id = relais_current_tenant())',
            t);
    END LOOP;
END
$$;

GRANT SELECT, INSERT, UPDATE, DELETE ON whatsapp_numbers, message_templates, outbound_messages, inbound_messages TO relais_application;

-- The webhook inbox. Events arrive before anyone knows their tenant, so the table is
-- not tenant-scoped; the application role has no privilege on it at all and reaches it
-- only through the functions below — the narrow, named path for this cross-tenant work.
CREATE TABLE webhook_events (
    id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    received_at  timestamptz NOT NULL DEFAULT now(),
    body         text NOT NULL,
    state        text NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'processed', 'unroutable', 'failed')),
    attempts     integer NOT NULL DEFAULT 0,
    claimed_until timestamptz,
    processed_at timestamptz,
    error        text
);
CREATE INDEX webhook_events_pending ON webhook_events (id) WHERE state = 'pending';

-- Stores one raw webhook body; returns its id.
CREATE FUNCTION relais_webhook_store(p_body text) RETURNS bigint
    LANGUAGE sql VOLATILE SECURITY DEFINER SET search_path = public, pg_temp
    AS $$ INSERT INTO webhook_events (body) VALUES (p_body) RETURNING id $$;

-- Claims up to p_limit pending events for p_lease seconds (other nodes skip them); returns them oldest first.
CREATE FUNCTION relais_webhook_claim(p_limit integer, p_lease integer)
    RETURNS TABLE (id bigint, body text, attempts integer)
    LANGUAGE sql VOLATILE SECURITY DEFINER SET search_path = public, pg_temp
    AS $$
    UPDATE webhook_events e SET claimed_until = now() + make_interval(secs => p_lease), attempts = e.attempts + 1
    WHERE e.id IN (SELECT w.id FROM webhook_events w
                   WHERE w.state = 'pending' AND (w.claimed_until IS NULL OR w.claimed_until < now())
                   ORDER BY w.id LIMIT p_limit FOR UPDATE SKIP LOCKED)
    RETURNING e.id, e.body, e.attempts
    $$;

-- Records the outcome of processing one event ('processed', 'unroutable' or 'failed').
CREATE FUNCTION relais_webhook_finish(p_id bigint, p_state text, p_error text) RETURNS void
    LANGUAGE sql VOLATILE SECURITY DEFINER SET search_path = public, pg_temp
    AS $$ UPDATE webhook_events SET state = p_state, error = p_error, processed_at = now(), claimed_until = NULL WHERE id = p_id $$;

-- The company and number a Meta phone_number_id belongs to (the webhook routing key).
CREATE FUNCTION relais_route_phone_number(p_phone_number_id text) RETURNS TABLE (tenant_id uuid, number_id uuid)
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
    AS $$ SELECT n.tenant_id, n.id FROM whatsapp_numbers n WHERE n.phone_number_id = p_phone_number_id $$;

-- The companies whose templates live in a WABA (template status webhooks carry only the WABA id).
CREATE FUNCTION relais_route_waba(p_waba_id text) RETURNS TABLE (tenant_id uuid)
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
    AS $$ SELECT DISTINCT n.tenant_id FROM whatsapp_numbers n WHERE n.waba_id = p_waba_id $$;

-- Counts of the inbox by state, for /metrics.
CREATE FUNCTION relais_webhook_counts() RETURNS TABLE (state text, count bigint)
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
    AS $$ SELECT state, count(*) FROM webhook_events GROUP BY state $$;

REVOKE ALL ON FUNCTION relais_webhook_store(text), relais_webhook_claim(integer, integer), relais_webhook_finish(bigint, text, text),
    relais_route_phone_number(text), relais_route_waba(text), relais_webhook_counts() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION relais_webhook_store(text), relais_webhook_claim(integer, integer), relais_webhook_finish(bigint, text, text),
    relais_route_phone_number(text), relais_route_waba(text), relais_webhook_counts() TO relais_application;

-- The order statuses move in: a status only replaces a lower one (webhooks come late, twice, out of order).
CREATE FUNCTION relais_status_rank(p_status text) RETURNS integer
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    AS $$ SELECT CASE p_status WHEN 'queued' THEN 0 WHEN 'sending' THEN 1 WHEN 'uncertain' THEN 1 WHEN 'sent' THEN 2
                               WHEN 'delivered' THEN 3 WHEN 'read' THEN 4 WHEN 'failed' THEN 5 ELSE 0 END $$;
GRANT EXECUTE ON FUNCTION relais_status_rank(text) TO relais_application;

-- Authentication of one request in one round trip: sets the tenant for this statement, then reads the
-- user, their open session and their company under row-level security (SECURITY INVOKER: the policies apply).
-- Called outside a transaction block, the setting ends with the statement.
CREATE FUNCTION relais_authenticate(p_tenant uuid, p_user uuid, p_session uuid)
    RETURNS TABLE (user_id uuid, user_name text, email text, role text, language text, has_password boolean, created_at timestamptz,
                   company_name text, default_country text, timezone text, opt_out_keywords text[], company_created_at timestamptz)
    LANGUAGE plpgsql VOLATILE SET search_path = public, pg_temp
    AS $$
    BEGIN
        PERFORM set_config('relais.tenant_id', p_tenant::text, true);
        RETURN QUERY
            SELECT u.id, u.name, u.email, u.role, u.language, u.password_hash IS NOT NULL, u.created_at,
                   c.name, c.default_country::text, c.timezone, c.opt_out_keywords, c.created_at
            FROM users u
            JOIN sessions s ON s.tenant_id = u.tenant_id AND s.user_id = u.id
            JOIN companies c ON c.tenant_id = u.tenant_id
            WHERE u.tenant_id = p_tenant AND u.id = p_user AND s.id = p_session AND s.revoked_at IS NULL;
    END
    $$;

-- The same for a browser: finds the live session by its cookie digest (noting it was seen, at most every
-- five minutes), then the user and company.
CREATE FUNCTION relais_authenticate_cookie(p_tenant uuid, p_digest text)
    RETURNS TABLE (session_id uuid, user_id uuid, user_name text, email text, role text, language text, has_password boolean,
                   created_at timestamptz, company_name text, default_country text, timezone text, opt_out_keywords text[],
                   company_created_at timestamptz)
    LANGUAGE plpgsql VOLATILE SET search_path = public, pg_temp
    AS $$
    DECLARE v_session uuid;
    BEGIN
        PERFORM set_config('relais.tenant_id', p_tenant::text, true);
        SELECT s.id INTO v_session FROM sessions s
        WHERE s.tenant_id = p_tenant AND s.cookie_digest = p_digest AND s.revoked_at IS NULL
          AND s.expires_at > now() AND s.last_seen_at > now() - interval '12 hours';
        IF v_session IS NULL THEN RETURN; END IF;
        UPDATE sessions s SET last_seen_at = now()
        WHERE s.tenant_id = p_tenant AND s.id = v_session AND s.last_seen_at < now() - interval '5 minutes';
        RETURN QUERY
            SELECT v_session, a.user_id, a.user_name, a.email, a.role, a.language, a.has_password, a.created_at,
                   a.company_name, a.default_country, a.timezone, a.opt_out_keywords, a.company_created_at
            FROM relais_authenticate(p_tenant, (SELECT s.user_id FROM sessions s WHERE s.tenant_id = p_tenant AND s.id = v_session), v_session) a;
    END
    $$;

GRANT EXECUTE ON FUNCTION relais_authenticate(uuid, uuid, uuid), relais_authenticate_cookie(uuid, text) TO relais_application;
