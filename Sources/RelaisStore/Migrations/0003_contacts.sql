-- 0003 — contacts, tags, segments, the suppression list, consent history and imports.
--
-- Every table is a tenant table: tenant_id leads its primary key and foreign keys,
-- and row-level security keeps each company to its own rows.

CREATE TABLE contacts (
    tenant_id        uuid NOT NULL REFERENCES companies (tenant_id) ON DELETE CASCADE,
    id               uuid NOT NULL DEFAULT gen_random_uuid(),
    name             text NOT NULL DEFAULT '' CHECK (length(name) <= 200),
    first_name       text CHECK (length(first_name) <= 100),
    last_name        text CHECK (length(last_name) <= 100),
    phone            text NOT NULL CHECK (phone ~ '^\+[1-9][0-9]{3,15}$'),
    email            text CHECK (length(email) <= 254),
    language         text CHECK (length(language) <= 16),
    country          char(2) CHECK (country ~ '^[A-Z]{2}$'),
    attributes       jsonb NOT NULL DEFAULT '{}' CHECK (jsonb_typeof(attributes) = 'object'),
    consent_status   text NOT NULL DEFAULT 'unknown' CHECK (consent_status IN ('opted_in', 'opted_out', 'unknown')),
    consent_source   text CHECK (length(consent_source) <= 200),
    consent_at       timestamptz,
    consent_evidence text CHECK (length(consent_evidence) <= 2000),
    created_at       timestamptz NOT NULL DEFAULT now(),
    updated_at       timestamptz NOT NULL DEFAULT now(),
    last_inbound_at  timestamptz,
    last_outbound_at timestamptz,
    last_read_at     timestamptz,
    -- The import that last created or updated the row: tells a duplicate within one file
    -- from a contact that existed before it.
    import_id        uuid,
    PRIMARY KEY (tenant_id, id)
);
-- One contact per number per company.
CREATE UNIQUE INDEX contacts_phone_key ON contacts (tenant_id, phone);
-- The default list order (newest first) and its cursor.
CREATE INDEX contacts_recent ON contacts (tenant_id, created_at DESC, id DESC);
-- Sorting by name and its cursor.
CREATE INDEX contacts_by_name ON contacts (tenant_id, lower(name), id);
CREATE INDEX contacts_consent ON contacts (tenant_id, consent_status);
CREATE INDEX contacts_country ON contacts (tenant_id, country);
-- Attribute filters (`attributes @> '{"city": "Dakar"}'`).
CREATE INDEX contacts_attributes ON contacts USING gin (attributes jsonb_path_ops);

CREATE TABLE tags (
    tenant_id  uuid NOT NULL REFERENCES companies (tenant_id) ON DELETE CASCADE,
    id         uuid NOT NULL DEFAULT gen_random_uuid(),
    name       text NOT NULL CHECK (length(name) BETWEEN 1 AND 64),
    created_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, id)
);
CREATE UNIQUE INDEX tags_name_key ON tags (tenant_id, lower(name));

-- Membership. The primary key (tag first) makes "contacts with tag T" an index-only scan,
-- so a 2-tag segment count is a merge of two such scans; the second index serves a contact's tags.
CREATE TABLE contact_tags (
    tenant_id  uuid NOT NULL,
    tag_id     uuid NOT NULL,
    contact_id uuid NOT NULL,
    PRIMARY KEY (tenant_id, tag_id, contact_id),
    FOREIGN KEY (tenant_id, tag_id) REFERENCES tags (tenant_id, id) ON DELETE CASCADE,
    FOREIGN KEY (tenant_id, contact_id) REFERENCES contacts (tenant_id, id) ON DELETE CASCADE
);
CREATE INDEX contact_tags_by_contact ON contact_tags (tenant_id, contact_id);

CREATE TABLE segments (
    tenant_id  uuid NOT NULL REFERENCES companies (tenant_id) ON DELETE CASCADE,
    id         uuid NOT NULL DEFAULT gen_random_uuid(),
    name       text NOT NULL CHECK (length(name) BETWEEN 1 AND 120),
    filter     jsonb NOT NULL DEFAULT '{}' CHECK (jsonb_typeof(filter) = 'object'),
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, id)
);
CREATE UNIQUE INDEX segments_name_key ON segments (tenant_id, lower(name));

-- Numbers that must never be messaged again. Keyed by a digest of the E.164 number salted
-- with the tenant (`relais_phone_digest`), so the list survives the contact's deletion
-- (GDPR erasure) without keeping the number itself.
CREATE TABLE suppressions (
    tenant_id    uuid NOT NULL REFERENCES companies (tenant_id) ON DELETE CASCADE,
    phone_digest bytea NOT NULL,
    source       text,
    created_at   timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, phone_digest)
);

CREATE FUNCTION relais_phone_digest(p_tenant uuid, p_phone text) RETURNS bytea
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    AS $$ SELECT sha256(convert_to(p_tenant::text || ':' || p_phone, 'UTF8')) $$;

-- Every consent change of a contact: the evidence a regulator asks for.
CREATE TABLE consent_events (
    tenant_id  uuid NOT NULL,
    id         bigint GENERATED ALWAYS AS IDENTITY,
    contact_id uuid NOT NULL,
    status     text NOT NULL CHECK (status IN ('opted_in', 'opted_out', 'unknown')),
    source     text,
    evidence   text,
    user_id    uuid,
    at         timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, id),
    FOREIGN KEY (tenant_id, contact_id) REFERENCES contacts (tenant_id, id) ON DELETE CASCADE
);
CREATE INDEX consent_events_by_contact ON consent_events (tenant_id, contact_id, id DESC);

-- A contact import: the uploaded file waits on disk, the worker claims the row, reads the file
-- and checkpoints `checkpoint_row` with the counters in the transaction that writes each batch,
-- so a restart resumes after the last committed batch.
CREATE TABLE contact_imports (
    tenant_id      uuid NOT NULL REFERENCES companies (tenant_id) ON DELETE CASCADE,
    id             uuid NOT NULL,
    user_id        uuid,
    -- draft: uploaded through the wizard, waiting for the user to confirm the mapping and options.
    state          text NOT NULL DEFAULT 'queued' CHECK (state IN ('draft', 'queued', 'running', 'completed', 'failed')),
    file_name      text NOT NULL,
    file_path      text NOT NULL,
    file_bytes     bigint NOT NULL DEFAULT 0,
    options        jsonb NOT NULL DEFAULT '{}',
    rows_read      integer NOT NULL DEFAULT 0,
    created        integer NOT NULL DEFAULT 0,
    updated        integer NOT NULL DEFAULT 0,
    duplicates     integer NOT NULL DEFAULT 0,
    invalid        integer NOT NULL DEFAULT 0,
    checkpoint_row integer NOT NULL DEFAULT 0,
    failure_reason text,
    attempts       integer NOT NULL DEFAULT 0,
    claim_id       uuid,             -- the current claim; a worker whose claim was taken over writes nothing more
    lease_until    timestamptz,
    created_at     timestamptz NOT NULL DEFAULT now(),
    started_at     timestamptz,
    finished_at    timestamptz,
    PRIMARY KEY (tenant_id, id)
);
-- The worker's claim: queued imports, and running ones whose lease expired (a crashed node).
CREATE INDEX contact_imports_claimable ON contact_imports (created_at) WHERE state IN ('queued', 'running');
CREATE INDEX contact_imports_recent ON contact_imports (tenant_id, created_at DESC);

-- Every rejected row of an import, for the report and the rejected-rows CSV.
CREATE TABLE contact_import_rejections (
    tenant_id  uuid NOT NULL,
    import_id  uuid NOT NULL,
    row_number integer NOT NULL,
    reason     text NOT NULL,
    raw        text NOT NULL DEFAULT '',
    PRIMARY KEY (tenant_id, import_id, row_number),
    FOREIGN KEY (tenant_id, import_id) REFERENCES contact_imports (tenant_id, id) ON DELETE CASCADE
);

DO $$
DECLARE t text;
BEGIN
    FOREACH t IN ARRAY ARRAY['contacts', 'tags', 'contact_tags', 'segments', 'suppressions', 'consent_events',
                             'contact_imports', 'contact_import_rejections'] LOOP
        EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
        EXECUTE format(
            'CREATE POLICY tenant_isolation ON %I USING (tenant_id = relais_current_tenant()) WITH CHECK (tenant_id = relais_current_tenant())',
            t);
    END LOOP;
END
$$;

-- The cross-tenant path of the import worker: claims one import that is queued, or running
-- with an expired lease (its node died), and leases it. Returns at most one row; the worker
-- then works inside that tenant. SKIP LOCKED: two nodes never claim the same import.
CREATE FUNCTION relais_claim_contact_import(p_lease_seconds integer)
    RETURNS TABLE (tenant_id uuid, id uuid, attempts integer, claim_id uuid)
    LANGUAGE sql VOLATILE SECURITY DEFINER SET search_path = public, pg_temp
    AS $$
        UPDATE contact_imports i
        SET state = 'running', attempts = i.attempts + 1, claim_id = gen_random_uuid(), lease_until = now() + make_interval(secs => p_lease_seconds),
            started_at = coalesce(i.started_at, now())
        WHERE (i.tenant_id, i.id) = (
            SELECT c.tenant_id, c.id FROM contact_imports c
            WHERE c.state = 'queued' OR (c.state = 'running' AND c.lease_until < now())
            ORDER BY c.created_at
            LIMIT 1 FOR UPDATE SKIP LOCKED)
        RETURNING i.tenant_id, i.id, i.attempts, i.claim_id
    $$;

GRANT SELECT, INSERT, UPDATE, DELETE ON contacts, tags, contact_tags, segments, suppressions,
    contact_imports, contact_import_rejections TO relais_application;
GRANT SELECT, INSERT ON consent_events TO relais_application;
REVOKE ALL ON FUNCTION relais_claim_contact_import(integer) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION relais_claim_contact_import(integer) TO relais_application;
GRANT EXECUTE ON FUNCTION relais_phone_digest(uuid, text) TO relais_application;
