-- Files a company uploads for template headers (an image, a video or a PDF), kept in the database so that every
-- node can send them and backups hold them. Meta keeps an uploaded file about 30 days and knows it per phone
-- number, so each number's Graph media id is remembered with when it was uploaded, and uploaded again when old.
CREATE TABLE media_files (
    tenant_id   uuid NOT NULL REFERENCES companies (tenant_id) ON DELETE CASCADE,
    id          uuid NOT NULL DEFAULT gen_random_uuid(),
    file_name   text NOT NULL CHECK (length(file_name) BETWEEN 1 AND 200),
    mime_type   text NOT NULL CHECK (mime_type IN ('image/jpeg', 'image/png', 'video/mp4', 'video/3gpp', 'application/pdf')),
    byte_size   integer NOT NULL CHECK (byte_size > 0),
    sha256      text NOT NULL,
    content     bytea NOT NULL,
    created_by  uuid,
    created_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, id)
);
-- The file bytes are read only to send or show one file: keep them out of line, uncompressed (they are
-- compressed formats already).
ALTER TABLE media_files ALTER COLUMN content SET STORAGE EXTERNAL;

CREATE TABLE media_uploads (
    tenant_id       uuid NOT NULL,
    media_id        uuid NOT NULL,
    number_id       uuid NOT NULL,
    graph_media_id  text NOT NULL,
    uploaded_at     timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, media_id, number_id),
    FOREIGN KEY (tenant_id, media_id) REFERENCES media_files (tenant_id, id) ON DELETE CASCADE,
    FOREIGN KEY (tenant_id, number_id) REFERENCES whatsapp_numbers (tenant_id, id) ON DELETE CASCADE
);

DO $$
DECLARE t text;
BEGIN
    FOREACH t IN ARRAY ARRAY['media_files', 'media_uploads'] LOOP
        EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
        EXECUTE format(
            'CREATE POLICY tenant_isolation ON %I USING (tenant_id = relais_current_tenant()) WITH CHECK (tenant_id = relais_current_tenant())',
            t);
    END LOOP;
END
$$;
GRANT SELECT, INSERT, UPDATE, DELETE ON media_files, media_uploads TO relais_application;
