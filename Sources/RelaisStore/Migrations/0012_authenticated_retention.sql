-- The company's message retention travels with the identity, like its time zone and keywords: `/me` and the
-- privacy page read it there, so an authenticated request stays one round trip (a second transaction just for
-- this column cost `/me` three quarters of its rate). The three authentication functions gain that column; their
-- result types change, so they are dropped and created again, with the bodies they had.

DROP FUNCTION relais_authenticate_cookie(uuid, text);
DROP FUNCTION relais_authenticate(uuid, uuid, uuid);
DROP FUNCTION relais_authenticate_api_key(uuid, uuid);

-- One request's user, open session and company, read under row-level security (SECURITY INVOKER) after setting
-- the tenant for this statement; outside a transaction block the setting ends with the statement.
CREATE FUNCTION relais_authenticate(p_tenant uuid, p_user uuid, p_session uuid)
    RETURNS TABLE (user_id uuid, user_name text, email text, role text, language text, has_password boolean, created_at timestamptz,
                   company_name text, default_country text, timezone text, opt_out_keywords text[], company_created_at timestamptz,
                   message_retention_months integer)
    LANGUAGE plpgsql VOLATILE SET search_path = public, pg_temp
    AS $$
    BEGIN
        PERFORM set_config('relais.tenant_id', p_tenant::text, true);
        RETURN QUERY
            SELECT u.id, u.name, u.email, u.role, u.language, u.password_hash IS NOT NULL, u.created_at,
                   c.name, c.default_country::text, c.timezone, c.opt_out_keywords, c.created_at, c.message_retention_months
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
                   company_created_at timestamptz, message_retention_months integer)
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
                   a.company_name, a.default_country, a.timezone, a.opt_out_keywords, a.company_created_at, a.message_retention_months
            FROM relais_authenticate(p_tenant, (SELECT s.user_id FROM sessions s WHERE s.tenant_id = p_tenant AND s.id = v_session), v_session) a;
    END
    $$;

-- A request by a verified API key: notes the use (at most once a minute) and returns the key's role with its
-- creator and company.
CREATE FUNCTION relais_authenticate_api_key(p_tenant uuid, p_key uuid)
    RETURNS TABLE (key_role text, user_id uuid, user_name text, email text, role text, language text, has_password boolean,
                   created_at timestamptz, company_name text, default_country text, timezone text, opt_out_keywords text[],
                   company_created_at timestamptz, message_retention_months integer)
    LANGUAGE plpgsql VOLATILE SET search_path = public, pg_temp
    AS $$
    BEGIN
        PERFORM set_config('relais.tenant_id', p_tenant::text, true);
        UPDATE api_keys k SET last_used_at = now()
        WHERE k.tenant_id = p_tenant AND k.id = p_key AND k.revoked_at IS NULL
          AND (k.last_used_at IS NULL OR k.last_used_at < now() - interval '1 minute');
        RETURN QUERY
            SELECT k.role, u.id, u.name, u.email, u.role, u.language, u.password_hash IS NOT NULL, u.created_at,
                   c.name, c.default_country::text, c.timezone, c.opt_out_keywords, c.created_at, c.message_retention_months
            FROM api_keys k
            JOIN users u ON u.tenant_id = k.tenant_id AND u.id = k.created_by
            JOIN companies c ON c.tenant_id = k.tenant_id
            WHERE k.tenant_id = p_tenant AND k.id = p_key AND k.revoked_at IS NULL;
    END
    $$;

REVOKE ALL ON FUNCTION relais_authenticate(uuid, uuid, uuid), relais_authenticate_cookie(uuid, text),
    relais_authenticate_api_key(uuid, uuid) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION relais_authenticate(uuid, uuid, uuid), relais_authenticate_cookie(uuid, text),
    relais_authenticate_api_key(uuid, uuid) TO relais_application;
