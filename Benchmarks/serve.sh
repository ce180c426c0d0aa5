# Sourced by the benchmark scripts: the release binary, one `relais serve` on a free port with its embedded
# PostgreSQL in RELAIS_DATA_DIR (which the caller exports, with any other RELAIS_* setting, before `start_relais`),
# and helpers to read JSON answers and to query that database as its owner.
# RELAIS_BENCH_BINARY runs another build (a debug one, to try a script on small sizes); figures come from release.
SCRATCH="${RELAIS_BENCH_SCRATCH:-/var/tmp/relais-release-build}"
if [ -n "${RELAIS_BENCH_BINARY:-}" ]; then BIN="$RELAIS_BENCH_BINARY"; else
  swift build -c release --scratch-path "$SCRATCH" --product relais >/dev/null; BIN="$SCRATCH/release/relais"; fi
PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
URL="http://127.0.0.1:$PORT"

json() { python3 -c "import sys, json; print(json.load(sys.stdin)$1)"; }

# Starts the server (PID), removes $WORK on exit, waits until it is ready, then reads the cluster's port and owner
# password for `sql`.
start_relais() {
  # Run as root, the cluster runs as postgres: $WORK must be reachable to it, or the cluster is put in /var/tmp
  # and outlives the run.
  chmod 711 "$WORK"
  export RELAIS_PORT="$PORT" RELAIS_LOG_LEVEL=warning RELAIS_AUTH_RATE_LIMIT=100000 RELAIS_BACKUPS=off
  "$BIN" serve >"$WORK/serve.log" 2>&1 & PID=$!
  trap 'kill -TERM $PID 2>/dev/null; wait $PID 2>/dev/null; rm -rf "$WORK"' EXIT
  for _ in $(seq 1 600); do curl -fs "$URL/readyz" >/dev/null 2>&1 && break; sleep 0.1; done
  local state="$RELAIS_DATA_DIR/postgres.json"
  PGPORT=$(python3 -c "import json; print(json.load(open('$state'))['port'])")
  PGPASSWORD=$(python3 -c "import json; print(json.load(open('$state'))['ownerPassword'])")
  export PGPORT PGPASSWORD
}

sql() { psql -h 127.0.0.1 -p "$PGPORT" -U relais_owner -d relais -v ON_ERROR_STOP=1 -Atqc "$1"; }
