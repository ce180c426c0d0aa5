#!/bin/sh
# Dumps the Relais database every BACKUP_INTERVAL_SECONDS (a day by default) into BACKUP_DIR, as pg_dump's custom
# format (restore with pg_restore), and deletes dumps older than BACKUP_KEEP_DAYS. A dump is written under a
# temporary name and renamed when complete, so a copy job never takes a half-written file. These files are on the
# same machine: copy them elsewhere (docs/deploy.md, "Backups off the machine").
# Connection from the standard variables: PGHOST, PGPORT, PGUSER, PGPASSWORD, PGDATABASE. BACKUP_ONCE=1: one dump.
set -eu
dir="${BACKUP_DIR:-/backups}"
keep="${BACKUP_KEEP_DAYS:-14}"
interval="${BACKUP_INTERVAL_SECONDS:-86400}"
mkdir -p "$dir"
while :; do
    name="relais-$(date -u +%Y%m%dT%H%M%SZ).dump"
    if pg_dump --format=custom --no-owner --file="$dir/$name.partial"; then
        mv "$dir/$name.partial" "$dir/$name"
        echo "backup: wrote $dir/$name ($(wc -c <"$dir/$name") bytes)"
        find "$dir" -name 'relais-*.dump' -mtime "+$keep" -exec rm -f {} +
    else
        rm -f "$dir/$name.partial"
        echo "backup: pg_dump failed" >&2
        [ "${BACKUP_ONCE:-0}" = 1 ] && exit 1
    fi
    [ "${BACKUP_ONCE:-0}" = 1 ] && exit 0
    sleep "$interval"
done
