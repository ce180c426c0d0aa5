-- 0007 — security: API keys, a hash chain over each company's audit log, and the narrow
-- cross-tenant paths of `relais keys rotate` and `relais audit verify`.

-- API keys for programmatic access. Only a SHA-256 digest of the key's 32 random bytes is kept
-- (high entropy: no slow hash needed); the key is shown once. `prefix` is public (it is the
-- first part of the key and shows in lists) and finds the key before its tenant is known.
CREATE TABLE api_keys (
    tenant_id    uuid NOT NULL REFERENCES companies (tenant_id) ON DELETE CASCADE,
    id           uuid NOT NULL,
    name         text NOT NULL CHECK (length(name) BETWEEN 1 AND 120),
    role         text NOT NULL CHECK (role IN ('admin', 'manager', 'operator')),
    prefix       text NOT NULL CHECK (prefix ~ '^[a-z0-9]{12}$'),
    secret_hash  text NOT NULL CHECK (secret_hash ~ '^[0-9a-f]{64}$'),
    -- A key acts for its creator and never above their current role; removing them ends their keys.
    created_by   uuid NOT NULL,
    created_at   timestamptz NOT NULL DEFAULT now(),
    last_used_at timestamptz,
    revoked_at   timestamptz,
    PRIMARY KEY (tenant_id, id),
    FOREIGN KEY (tenant_id, created_by) REFERENCES users (tenant_id, id) ON DELETE CASCADE
);
CREATE UNIQUE INDEX api_keys_prefix_key ON api_keys (prefix);
CREATE INDEX api_keys_recent ON api_keys (tenant_id, created_at DESC);

ALTER TABLE api_keys ENABLE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON api_keys USING (tenant_id = relais_current_tenant()) WITH CHECK (tenant_id = relais_current_tenant());
GRANT SELECT, INSERT, UPDATE ON api_keys TO relais_application;

-- The cross-tenant path for API keys, like `relais_login_lookup` for emails: the tenant, id and
-- digest of the live key with this prefix. The caller compares the digest in constant time, then
-- authenticates inside the tenant (`relais_authenticate_api_key`).
CREATE FUNCTION relais_api_key_lookup(p_prefix text)
    RETURNS TABLE (tenant_id uuid, key_id uuid, secret_hash text)
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
    AS $$ SELECT k.tenant_id, k.id, k.secret_hash FROM api_keys k WHERE k.prefix = p_prefix AND k.revoked_at IS NULL $$;

-- Authentication of a request by a verified API key, in one round trip and under row-level security
-- (SECURITY INVOKER): notes the use (at most once a minute, so a busy key costs no write per request)
-- and returns the key's role with its creator and company, as `relais_authenticate` does for sessions.
CREATE FUNCTION relais_authenticate_api_key(p_tenant uuid, p_key uuid)
    RETURNS TABLE (key_role text, user_id uuid, user_name text, email text, role text, language text, has_password boolean,
                   created_at timestamptz, company_name text, default_country text, timezone text, opt_out_keywords text[],
                   company_created_at timestamptz)
    LANGUAGE plpgsql VOLATILE SET search_path = public, pg_temp
    AS $$
    BEGIN
        PERFORM set_config('relais.tenant_id', p_tenant::text, true);
        UPDATE api_keys k SET last_used_at = now()
        WHERE k.tenant_id = p_tenant AND k.id = p_key AND k.revoked_at IS NULL
          AND (k.last_used_at IS NULL OR k.last_used_at < now() - interval '1 minute');
        RETURN QUERY
            SELECT k.role, u.id, u.name, u.email, u.role, u.language, u.password_hash IS NOT NULL, u.created_at,
                   c.name, c.default_country::text, c.timezone, c.opt_out_keywords, c.created_at
            FROM api_keys k
            JOIN users u ON u.tenant_id = k.tenant_id AND u.id = k.created_by
            JOIN companies c ON c.tenant_id = k.tenant_id
            WHERE k.tenant_id = p_tenant AND k.id = p_key AND k.revoked_at IS NULL;
    END
    $$;

REVOKE ALL ON FUNCTION relais_api_key_lookup(text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION relais_api_key_lookup(text), relais_authenticate_api_key(uuid, uuid) TO relais_application;

-- ---------------------------------------------------------------------------------------------
-- The audit log's hash chain. Each entry stores hash = sha256(previous entry's hash || canonical
-- content), the first entry of a company chaining from the empty string. Entries chain in the order
-- their inserts took the company's chain head (`chain_seq` 1, 2, 3…), which is not always id order:
-- identity values are drawn before the head is locked. The head row serialises inserts per company,
-- so concurrent writers never fork the chain; other companies never wait.
ALTER TABLE audit_log ADD COLUMN chain_seq bigint;
ALTER TABLE audit_log ADD COLUMN hash bytea;

CREATE TABLE audit_chain_heads (
    tenant_id uuid PRIMARY KEY REFERENCES companies (tenant_id) ON DELETE CASCADE,
    last_seq  bigint NOT NULL,
    last_hash bytea NOT NULL
);
ALTER TABLE audit_chain_heads ENABLE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON audit_chain_heads USING (tenant_id = relais_current_tenant()) WITH CHECK (tenant_id = relais_current_tenant());
-- The application reads its head (to verify) but never writes it: only the trigger below does, as the owner.
GRANT SELECT ON audit_chain_heads TO relais_application;

-- The canonical content of an entry: a JSON array of every recorded fact, in a fixed order, times in UTC
-- with microseconds. jsonb prints its objects with sorted keys and fixed spacing, so `details` reads the same
-- however the writer spelled it.
CREATE FUNCTION relais_audit_canonical(p_tenant uuid, p_seq bigint, p_id bigint, p_at timestamptz, p_user uuid, p_action text,
                                       p_target_type text, p_target_id text, p_ip inet, p_request_id text, p_details jsonb)
    RETURNS bytea
    LANGUAGE sql STABLE PARALLEL SAFE SET search_path = public, pg_temp
    AS $$
    SELECT convert_to(jsonb_build_array(p_tenant::text, p_seq, p_id, to_char(p_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'),
                                        p_user::text, p_action, p_target_type, p_target_id, p_ip::text, p_request_id, p_details)::text,
                      'UTF8')
    $$;

-- Chains each new entry: locks the company's head, computes the hash, moves the head. SECURITY DEFINER
-- because the application may not write the heads; it overwrites whatever chain_seq/hash the writer sent.
CREATE FUNCTION relais_audit_chain() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp
    AS $$
    DECLARE v_seq bigint; v_prev bytea;
    BEGIN
        INSERT INTO audit_chain_heads (tenant_id, last_seq, last_hash) VALUES (NEW.tenant_id, 0, ''::bytea)
            ON CONFLICT (tenant_id) DO NOTHING;
        SELECT h.last_seq, h.last_hash INTO v_seq, v_prev FROM audit_chain_heads h WHERE h.tenant_id = NEW.tenant_id FOR UPDATE;
        NEW.chain_seq := v_seq + 1;
        NEW.hash := sha256(v_prev || relais_audit_canonical(NEW.tenant_id, NEW.chain_seq, NEW.id, NEW.at, NEW.user_id, NEW.action,
                                                            NEW.target_type, NEW.target_id, NEW.ip, NEW.request_id, NEW.details));
        UPDATE audit_chain_heads SET last_seq = NEW.chain_seq, last_hash = NEW.hash WHERE tenant_id = NEW.tenant_id;
        RETURN NEW;
    END
    $$;
REVOKE ALL ON FUNCTION relais_audit_chain() FROM PUBLIC;

-- Existing entries: chained per company in id order (the order they were written in).
DO $$
DECLARE r record; v_tenant uuid; v_seq bigint; v_prev bytea; v_hash bytea;
BEGIN
    FOR r IN SELECT * FROM audit_log ORDER BY tenant_id, id LOOP
        IF v_tenant IS DISTINCT FROM r.tenant_id THEN
            IF v_tenant IS NOT NULL THEN
                INSERT INTO audit_chain_heads VALUES (v_tenant, v_seq, v_prev);
            END IF;
            v_tenant := r.tenant_id; v_seq := 0; v_prev := ''::bytea;
        END IF;
        v_seq := v_seq + 1;
        v_hash := sha256(v_prev || relais_audit_canonical(r.tenant_id, v_seq, r.id, r.at, r.user_id, r.action, r.target_type,
                                                          r.target_id, r.ip, r.request_id, r.details));
        UPDATE audit_log SET chain_seq = v_seq, hash = v_hash WHERE tenant_id = r.tenant_id AND id = r.id;
        v_prev := v_hash;
    END LOOP;
    IF v_tenant IS NOT NULL THEN
        INSERT INTO audit_chain_heads VALUES (v_tenant, v_seq, v_prev);
    END IF;
END
$$;

ALTER TABLE audit_log ALTER COLUMN chain_seq SET NOT NULL, ALTER COLUMN hash SET NOT NULL;
CREATE UNIQUE INDEX audit_log_chain ON audit_log (tenant_id, chain_seq);

CREATE TRIGGER audit_log_chain BEFORE INSERT ON audit_log FOR EACH ROW EXECUTE FUNCTION relais_audit_chain();

-- Walks one company's chain in order and recomputes every hash. Returns one row: how many entries
-- verified, and for the first broken one its id and what differs (NULL when intact), with the head hash
-- (to note down elsewhere: a chain rewritten from the start by someone holding the owner role shows only
-- against a copy of an earlier head). STABLE: the walk and the head read share one snapshot.
-- SECURITY INVOKER: the application verifies its own company under row-level security.
CREATE FUNCTION relais_audit_verify(p_tenant uuid)
    RETURNS TABLE (verified bigint, broken_id bigint, problem text, head_hash text)
    LANGUAGE plpgsql STABLE SET search_path = public, pg_temp
    AS $$
    DECLARE r record; v_prev bytea := ''::bytea; v_count bigint := 0; v_computed bytea; v_head_seq bigint; v_head_hash bytea;
    BEGIN
        FOR r IN SELECT * FROM audit_log a WHERE a.tenant_id = p_tenant ORDER BY a.chain_seq LOOP
            IF r.chain_seq <> v_count + 1 THEN
                RETURN QUERY SELECT v_count, r.id,
                    format('sequence %s found where %s was expected: an entry before it was removed', r.chain_seq, v_count + 1), NULL::text;
                RETURN;
            END IF;
            v_computed := sha256(v_prev || relais_audit_canonical(r.tenant_id, r.chain_seq, r.id, r.at, r.user_id, r.action, r.target_type,
                                                                  r.target_id, r.ip, r.request_id, r.details));
            IF r.hash IS DISTINCT FROM v_computed THEN
                RETURN QUERY SELECT v_count, r.id,
                    format('stored hash %s, recomputed %s: the entry (or the one before it) was altered',
                           left(encode(r.hash, 'hex'), 16), left(encode(v_computed, 'hex'), 16)), NULL::text;
                RETURN;
            END IF;
            v_prev := r.hash;
            v_count := v_count + 1;
        END LOOP;
        SELECT h.last_seq, h.last_hash INTO v_head_seq, v_head_hash FROM audit_chain_heads h WHERE h.tenant_id = p_tenant;
        IF COALESCE(v_head_seq, 0) <> v_count OR COALESCE(v_head_hash, ''::bytea) <> v_prev THEN
            RETURN QUERY SELECT v_count, NULL::bigint,
                format('the chain head records %s entries, the log holds %s: entries at the end were removed', COALESCE(v_head_seq, 0), v_count),
                NULL::text;
            RETURN;
        END IF;
        RETURN QUERY SELECT v_count, NULL::bigint, NULL::text, encode(v_prev, 'hex');
    END
    $$;
GRANT EXECUTE ON FUNCTION relais_audit_canonical(uuid, bigint, bigint, timestamptz, uuid, text, text, text, inet, text, jsonb),
    relais_audit_verify(uuid) TO relais_application;

-- ---------------------------------------------------------------------------------------------
-- The cross-tenant paths of the operator commands. They reveal company ids only; every read or
-- write of a company's rows then happens inside that company's transaction, under row-level security.

-- Every company, oldest first (`relais audit verify` walks each one's chain).
CREATE FUNCTION relais_all_tenants() RETURNS TABLE (tenant_id uuid)
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
    AS $$ SELECT c.tenant_id FROM companies c ORDER BY c.created_at, c.tenant_id $$;

-- The companies holding a WhatsApp access token not sealed under key `p_key_id` (`relais keys rotate`).
CREATE FUNCTION relais_tenants_with_secrets_not_under(p_key_id text) RETURNS TABLE (tenant_id uuid)
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
    AS $$ SELECT DISTINCT n.tenant_id FROM whatsapp_numbers n WHERE split_part(n.access_token_sealed, '.', 2) <> p_key_id $$;

REVOKE ALL ON FUNCTION relais_all_tenants(), relais_tenants_with_secrets_not_under(text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION relais_all_tenants(), relais_tenants_with_secrets_not_under(text) TO relais_application;
