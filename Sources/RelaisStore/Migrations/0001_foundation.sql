-- 0001 — companies, users, sessions, invitations, the audit log and login throttling.
--
-- Isolation model: the application connects as a login role that is a member of
-- `relais_application` (no superuser, no BYPASSRLS, owns nothing). Every tenant
-- table has row-level security keyed on the transaction-local setting
-- `relais.tenant_id`. The schema owner (who runs migrations) owns the tables and
-- the few SECURITY DEFINER functions that form the narrow cross-tenant path.

DO $$
BEGIN
    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'relais_application') THEN
        CREATE ROLE relais_application NOLOGIN NOSUPERUSER NOBYPASSRLS;
    END IF;
END
$$;

-- The tenant of the current transaction, or NULL when none was set.
-- NULLIF: after a transaction-local setting ends, the setting reads '' on that connection.
CREATE FUNCTION relais_current_tenant() RETURNS uuid
    LANGUAGE sql STABLE PARALLEL SAFE
    AS $$ SELECT NULLIF(current_setting('relais.tenant_id', true), '')::uuid $$;

CREATE TABLE companies (
    tenant_id       uuid PRIMARY KEY,
    name            text NOT NULL CHECK (length(name) BETWEEN 1 AND 120),
    default_country char(2) NOT NULL DEFAULT 'FR' CHECK (default_country ~ '^[A-Z]{2}$'),
    timezone        text NOT NULL DEFAULT 'Europe/Paris',
    created_at      timestamptz NOT NULL DEFAULT now(),
    updated_at      timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE users (
    tenant_id     uuid NOT NULL REFERENCES companies (tenant_id) ON DELETE CASCADE,
    id            uuid NOT NULL,
    name          text NOT NULL CHECK (length(name) BETWEEN 1 AND 120),
    email         text NOT NULL CHECK (email = lower(email) AND length(email) <= 254),
    password_hash text,               -- NULL until an invited user sets a password
    role          text NOT NULL CHECK (role IN ('admin', 'manager', 'operator')),
    language      text NOT NULL DEFAULT 'en' CHECK (language IN ('en', 'fr')),
    created_at    timestamptz NOT NULL DEFAULT now(),
    updated_at    timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, id)
);
-- Emails are unique across the platform: one login, one company.
CREATE UNIQUE INDEX users_email_key ON users (email);

-- A session is one login on one device. API clients hold a rotating refresh
-- token for it; a browser holds an opaque cookie whose digest is kept here.
CREATE TABLE sessions (
    tenant_id   uuid NOT NULL,
    id          uuid NOT NULL,
    user_id     uuid NOT NULL,
    cookie_digest text,
    created_at  timestamptz NOT NULL DEFAULT now(),
    expires_at  timestamptz NOT NULL DEFAULT now() + interval '30 days',
    last_seen_at timestamptz NOT NULL DEFAULT now(),
    ip          inet,
    user_agent  text,
    revoked_at  timestamptz,
    PRIMARY KEY (tenant_id, id),
    FOREIGN KEY (tenant_id, user_id) REFERENCES users (tenant_id, id) ON DELETE CASCADE
);

CREATE UNIQUE INDEX sessions_cookie_key ON sessions (tenant_id, cookie_digest) WHERE cookie_digest IS NOT NULL;

-- Refresh tokens are stored as SHA-256 digests; a used token that comes back
-- again revokes its whole session (theft detection).
CREATE TABLE refresh_tokens (
    tenant_id   uuid NOT NULL,
    token_hash  text NOT NULL,
    session_id  uuid NOT NULL,
    created_at  timestamptz NOT NULL DEFAULT now(),
    expires_at  timestamptz NOT NULL,
    used_at     timestamptz,
    PRIMARY KEY (tenant_id, token_hash),
    FOREIGN KEY (tenant_id, session_id) REFERENCES sessions (tenant_id, id) ON DELETE CASCADE
);

-- One-time links with which an invited user sets a password.
CREATE TABLE invitations (
    tenant_id   uuid NOT NULL,
    token_hash  text NOT NULL,
    user_id     uuid NOT NULL,
    created_at  timestamptz NOT NULL DEFAULT now(),
    expires_at  timestamptz NOT NULL,
    used_at     timestamptz,
    PRIMARY KEY (tenant_id, token_hash),
    FOREIGN KEY (tenant_id, user_id) REFERENCES users (tenant_id, id) ON DELETE CASCADE
);

CREATE TABLE audit_log (
    tenant_id   uuid NOT NULL REFERENCES companies (tenant_id) ON DELETE CASCADE,
    id          bigint GENERATED ALWAYS AS IDENTITY,
    at          timestamptz NOT NULL DEFAULT now(),
    user_id     uuid,                 -- NULL for actions by the system or an unknown party
    action      text NOT NULL,
    target_type text,
    target_id   text,
    ip          inet,
    request_id  text,
    details     jsonb NOT NULL DEFAULT '{}',
    PRIMARY KEY (tenant_id, id)
);
CREATE INDEX audit_log_recent ON audit_log (tenant_id, id DESC);

-- Failed logins per email digest, platform-wide (the tenant is unknown before login).
CREATE TABLE login_failures (
    email_digest text NOT NULL,
    at           timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX login_failures_recent ON login_failures (email_digest, at);

-- Row-level security on every tenant table.
DO $$
DECLARE t text;
BEGIN
    FOREACH t IN ARRAY ARRAY['companies', 'users', 'sessions', 'refresh_tokens', 'invitations', 'audit_log'] LOOP
        EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
        EXECUTE format(
            'CREATE POLICY tenant_isolation ON %I USING (tenant_id = relais_current_tenant()) WITH CHECK (tenant_id = relais_current_tenant())',
            t);
    END LOOP;
END
$$;

-- The cross-tenant path for logging in: the only way to find a user by email
-- without knowing their company. Returns at most one row.
CREATE FUNCTION relais_login_lookup(p_email text)
    RETURNS TABLE (tenant_id uuid, user_id uuid, password_hash text)
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
    AS $$ SELECT u.tenant_id, u.id, u.password_hash FROM users u WHERE u.email = lower(p_email) $$;

-- Privileges of the application: data only, and the audit log is append-only.
GRANT USAGE ON SCHEMA public TO relais_application;
GRANT SELECT, INSERT, UPDATE ON companies TO relais_application;
GRANT SELECT, INSERT, UPDATE, DELETE ON users, sessions, refresh_tokens, invitations TO relais_application;
GRANT SELECT, INSERT ON audit_log TO relais_application;
GRANT SELECT, INSERT, DELETE ON login_failures TO relais_application;
REVOKE ALL ON FUNCTION relais_login_lookup(text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION relais_login_lookup(text) TO relais_application;
GRANT EXECUTE ON FUNCTION relais_current_tenant() TO relais_application;
