#!/bin/sh
# Creates Relais's application role on a new cluster (compose runs it once, from /docker-entrypoint-initdb.d).
# The schema owner is POSTGRES_USER; `relais_app` is what DATABASE_URL uses: no superuser, no BYPASSRLS, member of
# relais_application (to which the migrations grant exactly what the app may do). Relais refuses to serve otherwise.
# Also usable by hand on a VPS: PGHOST=… PGUSER=postgres POSTGRES_USER=postgres POSTGRES_DB=postgres \
#     RELAIS_APP_DB_PASSWORD=… sh init-roles.sh
set -eu
: "${RELAIS_APP_DB_PASSWORD:?set RELAIS_APP_DB_PASSWORD}"
psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname "$POSTGRES_DB" -v app_password="$RELAIS_APP_DB_PASSWORD" <<'SQL'
DO $$ BEGIN
    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'relais_application') THEN
        CREATE ROLE relais_application NOLOGIN NOSUPERUSER NOBYPASSRLS;
    END IF;
END $$;
SELECT format('CREATE ROLE relais_app LOGIN NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE PASSWORD %L IN ROLE relais_application',
              :'app_password')
WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'relais_app') \gexec
-- A session left idle inside a transaction (a node that froze mid-transaction) gives its row locks back after 30 s;
-- Relais also sets this on every transaction it opens, this covers the moment before its first statement.
ALTER ROLE relais_app SET idle_in_transaction_session_timeout = '30s';
SQL
