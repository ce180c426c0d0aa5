-- 0008 — privacy: a keyed suppression digest, message retention and anonymisation, backup claims.

-- Suppression list, keyed. Until now a number's entry was sha256(tenant || ':' || phone): phone numbers are so few
-- (about 10^10 per country) that anyone holding a dump could recover every suppressed number by trying them all.
-- From now on the digest is HMAC-SHA256 under a server secret (`RELAIS_SUPPRESSION_KEY`) that never enters the
-- database: the node sets the key's inner and outer pads (RFC 2104) for each transaction in
-- `relais.suppression_ipad` / `relais.suppression_opad`, and `relais_suppression_digest` computes
-- sha256(opad || sha256(ipad || tenant ':' phone)) with the built-in sha256 — no extension needed.
--
-- Transition: an HMAC cannot be derived from a SHA digest, and the numbers of deleted contacts are gone, so the
-- existing rows are kept as they are, marked `keyed = false`, and every lookup matches a number either by its HMAC
-- or, among the legacy rows only, by its old digest (`relais_is_suppressed`). New entries are always keyed; an
-- opt-in removes both forms. Legacy rows therefore keep protecting the people they protected, and no row is lost.
ALTER TABLE suppressions ADD COLUMN keyed boolean NOT NULL DEFAULT true;
UPDATE suppressions SET keyed = false;

CREATE FUNCTION relais_suppression_digest(p_tenant uuid, p_phone text) RETURNS bytea
    LANGUAGE plpgsql STABLE PARALLEL SAFE
    AS $$
    DECLARE
        ipad text := current_setting('relais.suppression_ipad', true);
        opad text := current_setting('relais.suppression_opad', true);
    BEGIN
        IF ipad IS NULL OR opad IS NULL OR length(ipad) <> 128 OR length(opad) <> 128 THEN
            RAISE EXCEPTION 'relais.suppression_ipad/opad are not set: the suppression key is not configured';
        END IF;
        RETURN sha256(decode(opad, 'hex') || sha256(decode(ipad, 'hex') || convert_to(p_tenant::text || ':' || p_phone, 'UTF8')));
    END
    $$;

-- Whether `p_phone` is on `p_tenant`'s suppression list, by its keyed digest or (legacy rows) its old one.
CREATE FUNCTION relais_is_suppressed(p_tenant uuid, p_phone text) RETURNS boolean
    LANGUAGE sql STABLE PARALLEL SAFE
    AS $$
    SELECT EXISTS (SELECT 1 FROM suppressions s WHERE s.tenant_id = p_tenant AND s.phone_digest = relais_suppression_digest(p_tenant, p_phone))
        OR EXISTS (SELECT 1 FROM suppressions s WHERE s.tenant_id = p_tenant AND NOT s.keyed
                                                  AND s.phone_digest = relais_phone_digest(p_tenant, p_phone))
    $$;

GRANT EXECUTE ON FUNCTION relais_suppression_digest(uuid, text), relais_is_suppressed(uuid, text) TO relais_application;

-- Retention: messages older than this many months are anonymised by the daily job (aggregates are kept).
ALTER TABLE companies ADD COLUMN message_retention_months integer NOT NULL DEFAULT 24
    CHECK (message_retention_months BETWEEN 1 AND 120);

-- Set when a message lost its personal data (erasure of its contact, or retention): the row keeps its status,
-- times, campaign and counters, so a campaign's figures do not change, but no longer says who it was for.
ALTER TABLE outbound_messages ADD COLUMN anonymised_at timestamptz;
ALTER TABLE inbound_messages ADD COLUMN anonymised_at timestamptz;
CREATE INDEX outbound_messages_retention ON outbound_messages (created_at) WHERE anonymised_at IS NULL;
CREATE INDEX inbound_messages_retention ON inbound_messages (received_at) WHERE anonymised_at IS NULL;

-- The retention job's cross-tenant path: anonymises at most `p_batch` expired messages (outbound, then inbound) of
-- any tenant and returns how many it changed; the job calls it until it answers 0. Idempotent: anonymised rows are
-- never picked again. Queued messages are never touched (their campaign is still sending them).
CREATE FUNCTION relais_anonymise_expired_messages(p_batch integer) RETURNS integer
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp
    AS $$
    DECLARE changed integer; inbound integer;
    BEGIN
        WITH expired AS (
            SELECT m.tenant_id, m.id FROM outbound_messages m JOIN companies c ON c.tenant_id = m.tenant_id
            WHERE m.anonymised_at IS NULL AND m.status NOT IN ('queued', 'sending')
              AND m.created_at < now() - make_interval(months => c.message_retention_months)
            LIMIT p_batch FOR UPDATE OF m SKIP LOCKED)
        UPDATE outbound_messages m SET to_phone = '', body_preview = NULL, contact_id = NULL, error_title = NULL,
                                       anonymised_at = now(), updated_at = now()
        FROM expired e WHERE m.tenant_id = e.tenant_id AND m.id = e.id;
        GET DIAGNOSTICS changed = ROW_COUNT;
        WITH expired AS (
            SELECT i.tenant_id, i.id FROM inbound_messages i JOIN companies c ON c.tenant_id = i.tenant_id
            WHERE i.anonymised_at IS NULL AND i.received_at < now() - make_interval(months => c.message_retention_months)
            LIMIT p_batch FOR UPDATE OF i SKIP LOCKED)
        UPDATE inbound_messages i SET from_phone = '', profile_name = NULL, text = NULL, payload = NULL, anonymised_at = now()
        FROM expired e WHERE i.tenant_id = e.tenant_id AND i.id = e.id;
        GET DIAGNOSTICS inbound = ROW_COUNT;
        RETURN changed + inbound;
    END
    $$;
REVOKE ALL ON FUNCTION relais_anonymise_expired_messages(integer) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION relais_anonymise_expired_messages(integer) TO relais_application;

-- Scheduled backups: one row per slot (the scheduled time, or the moment of a manual backup). The node whose
-- INSERT claims the slot runs that backup; the others skip it. Not tenant data: no tenant_id, no row-level security.
CREATE TABLE backup_runs (
    slot        timestamptz PRIMARY KEY,
    node        text NOT NULL,
    started_at  timestamptz NOT NULL DEFAULT now(),
    finished_at timestamptz,
    succeeded   boolean,
    file_name   text,
    size_bytes  bigint,
    error       text
);
GRANT SELECT, INSERT, UPDATE ON backup_runs TO relais_application;
