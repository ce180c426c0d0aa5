#!/usr/bin/env bash
# Webhook ingestion (issue 3): signed status webhooks posted by wrk to `relais serve` (release, embedded
# PostgreSQL, sandbox number), then the time until every stored event is applied.
# Target: >= 5,000 webhooks/s accepted, all applied within 5 s of the last.
set -euo pipefail
cd "$(dirname "$0")/.."
SCRATCH="${RELAIS_BENCH_SCRATCH:-/var/tmp/relais-release-build}"
swift build -c release --scratch-path "$SCRATCH" --product relais >/dev/null
BIN="$SCRATCH/release/relais"
WORK=$(mktemp -d /tmp/relais-hookbench-XXXX)
chmod 711 "$WORK"  # the postgres user must reach the cluster in $WORK, or it is put in /var/tmp and left there
PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
SPORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
export RELAIS_DATA_DIR="$WORK/data" RELAIS_PORT="$PORT" RELAIS_SANDBOX_PORT="$SPORT" RELAIS_LOG_LEVEL=warning RELAIS_AUTH_RATE_LIMIT=100000
URL="http://127.0.0.1:$PORT"
"$BIN" serve >"$WORK/serve.log" 2>&1 & PID=$!
trap 'kill -TERM $PID 2>/dev/null; wait $PID 2>/dev/null; rm -rf "$WORK"' EXIT
for _ in $(seq 1 600); do curl -fs "$URL/readyz" >/dev/null 2>&1 && break; sleep 0.1; done
TOKEN=$(curl -fs -X POST "$URL/api/v1/auth/signup" -H 'content-type: application/json' \
  -d '{"company":"Bench","name":"Bench","email":"hooks@example.com","password":"benchmark password"}' | python3 -c 'import sys, json; print(json.load(sys.stdin)["access_token"])')
PNID=$(curl -fs -X POST "$URL/api/v1/whatsapp/numbers/sandbox" -H "authorization: Bearer $TOKEN" | python3 -c 'import sys, json; print(json.load(sys.stdin)["phone_number_id"])')
python3 - "$WORK" "$PNID" <<'PY'
import hashlib, hmac, json, sys
work, pnid = sys.argv[1], sys.argv[2]
secret = json.load(open(f"{work}/data/secrets.json"))["whatsAppAppSecret"].encode()
with open(f"{work}/bodies.txt", "w") as out:
    for i in range(5001):  # 1,667 messages, each sent, delivered and read
        status = ["sent", "delivered", "read"][i % 3]
        body = json.dumps({"object": "whatsapp_business_account", "entry": [{"id": "1", "changes": [{"field": "messages", "value": {
            "messaging_product": "whatsapp", "metadata": {"display_phone_number": "1", "phone_number_id": pnid},
            "statuses": [{"id": f"wamid.bench{i // 3}", "status": status, "timestamp": "1750857384", "recipient_id": "33612345678"}]}}]}]},
            separators=(",", ":"))
        signature = "sha256=" + hmac.new(secret, body.encode(), hashlib.sha256).hexdigest()
        out.write(signature + "\n" + body + "\n")
PY
cat >"$WORK/post.lua" <<'LUA'
local bodies, signatures, index = {}, {}, 0
local file = io.open(os.getenv("BODIES"))
while true do
  local signature = file:read("*l")
  if not signature then break end
  table.insert(signatures, signature)
  table.insert(bodies, file:read("*l"))
end
request = function()
  index = index % #bodies + 1
  return wrk.format("POST", "/webhooks/whatsapp", {["Content-Type"] = "application/json", ["X-Hub-Signature-256"] = signatures[index]}, bodies[index])
end
LUA
STATE="$WORK/data/postgres.json"
PGPORT=$(python3 -c "import json; print(json.load(open('$STATE'))['port'])")
export PGPASSWORD=$(python3 -c "import json; print(json.load(open('$STATE'))['ownerPassword'])")
pending() { psql -h 127.0.0.1 -p "$PGPORT" -U relais_owner -d relais -Atc "SELECT count(*) FROM webhook_events WHERE state = 'pending'"; }
# The messages the statuses name, as the send path leaves them (accepted, wamid known), so applying a status
# updates a real row rather than finding nothing.
psql -h 127.0.0.1 -p "$PGPORT" -U relais_owner -d relais -qAtc "INSERT INTO outbound_messages (tenant_id, id, number_id, to_phone,
  status, callback_id, wamid) SELECT n.tenant_id, gen_random_uuid(), n.id, '+33612345678', 'sending', gen_random_uuid(), 'wamid.bench' || g
  FROM whatsapp_numbers n, generate_series(0, 1666) g WHERE n.phone_number_id = '$PNID'"
BODIES="$WORK/bodies.txt" wrk -t2 -c64 -d10s --latency -s "$WORK/post.lua" "$URL" >"$WORK/wrk.txt"
END=$(date +%s.%N)
for _ in $(seq 1 1200); do [ "$(pending)" = "0" ] && break; sleep 0.25; done
DRAIN=$(python3 -c "import time; print(f'{time.time() - $END:.1f}')")
READ=$(psql -h 127.0.0.1 -p "$PGPORT" -U relais_owner -d relais -Atc "SELECT count(*) FROM outbound_messages WHERE status = 'read' AND read_at IS NOT NULL AND delivered_at IS NOT NULL")
TOTAL=$(psql -h 127.0.0.1 -p "$PGPORT" -U relais_owner -d relais -Atc "SELECT count(*) FROM webhook_events")
python3 - "$WORK/wrk.txt" "$DRAIN" "$TOTAL" "$READ" <<'PY'
import re, sys
text, drain, total, read = open(sys.argv[1]).read(), sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
rps = float(re.search(r"Requests/sec:\s+([\d.]+)", text).group(1))
p99 = re.search(r"99%\s+([\d.]+)(us|ms|s)", text)
errors = re.search(r"Non-2xx or 3xx responses: (\d+)", text)
print(f"| `wrk -t2 -c64 -d10s` signed status webhooks to `/webhooks/whatsapp` | {rps:,.0f} accepted/s | p99 {p99.group(1)} {p99.group(2)} | non-2xx {errors.group(1) if errors else 0} | target ≥ 5,000/s: {rps / 5000:.2f}× |")
print(f"| all {total:,} stored webhooks applied | {drain} s after the last was accepted | ({total / (10 + float(drain)):,.0f} applied/s overall) | {read:,} of 1,667 messages read, with delivered and read times | target ≤ 5 s |")
PY
