#!/usr/bin/env bash
# Ten numbers of ten companies sending at once (issue 6), each allowed WhatsApp's standard 80 msg/s by the
# simulator: from the simulator's ledger, each number's sustained rate (first to last accepted message) and its
# busiest one-second window. Targets: each number sustains >= 95 % of 80 msg/s, and none exceeds it.
set -euo pipefail
cd "$(dirname "$0")/.."
PER_NUMBER="${PER_NUMBER:-2400}"
SCRATCH="${RELAIS_BENCH_SCRATCH:-/var/tmp/relais-release-build}"
swift build -c release --scratch-path "$SCRATCH" --product relais >/dev/null
BIN="$SCRATCH/release/relais"
WORK=$(mktemp -d /tmp/relais-numbersbench-XXXX)
chmod 711 "$WORK"  # the postgres user must reach the cluster in $WORK, or it is put in /var/tmp and left there
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
PORT=$(free_port); SPORT=$(free_port); SECRET="bench-app-secret"
URL="http://127.0.0.1:$PORT"; SIM="http://127.0.0.1:$SPORT"
RELAIS_LOG_LEVEL=warning "$BIN" simulator --port "$SPORT" --webhook-url "$URL/webhooks/whatsapp" --app-secret "$SECRET" >"$WORK/sim.log" 2>&1 & SIMPID=$!
export RELAIS_DATA_DIR="$WORK/data" RELAIS_PORT="$PORT" RELAIS_SANDBOX=false RELAIS_GRAPH_BASE_URL="$SIM" \
  RELAIS_WHATSAPP_APP_SECRET="$SECRET" RELAIS_WEBHOOK_VERIFY_TOKEN=bench RELAIS_LOG_LEVEL=warning RELAIS_AUTH_RATE_LIMIT=100000
"$BIN" serve >"$WORK/serve.log" 2>&1 & PID=$!
trap 'kill -TERM $PID $SIMPID 2>/dev/null; wait $PID 2>/dev/null; rm -rf "$WORK"' EXIT
for _ in $(seq 1 600); do curl -fs "$URL/readyz" >/dev/null 2>&1 && curl -fs "$SIM/__sim/messages?limit=1" >/dev/null 2>&1 && break; sleep 0.1; done
STATE="$WORK/data/postgres.json"
PGPORT=$(python3 -c "import json; print(json.load(open('$STATE'))['port'])")
export PGPASSWORD=$(python3 -c "import json; print(json.load(open('$STATE'))['ownerPassword'])")
python3 - "$URL" "$SIM" "$PER_NUMBER" "$PGPORT" "$WORK" <<'PY'
import json, subprocess, sys, time, urllib.request
url, sim, per_number, pgport, work = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4], sys.argv[5]
def call(method, base, path, body=None, token=None):
    request = urllib.request.Request(base + path, method=method, data=json.dumps(body).encode() if body is not None else None)
    request.add_header("content-type", "application/json")
    if token: request.add_header("authorization", f"Bearer {token}")
    with urllib.request.urlopen(request, timeout=120) as response:
        return json.loads(response.read() or b"{}")
def sql(statement):
    return subprocess.run(["psql", "-h", "127.0.0.1", "-p", pgport, "-U", "relais_owner", "-d", "relais", "-Atqc", statement],
                          check=True, capture_output=True, text=True).stdout.strip()
companies = []
for i in range(10):
    number = call("POST", sim, "/__sim/numbers", {})
    token = call("POST", url, "/api/v1/auth/signup", {"company": f"Company {i}", "name": "Bench", "email": f"n{i}@example.com", "password": "benchmark password"})["access_token"]
    nid = call("POST", url, "/api/v1/whatsapp/numbers", {"phone_number_id": number["phone_number_id"], "waba_id": number["waba_id"], "access_token": number["access_token"]}, token)["id"]
    tid = call("POST", url, "/api/v1/templates", {"number_id": nid, "name": "bench", "language": "fr", "category": "UTILITY",
        "components": [{"type": "BODY", "text": "Bonjour {{1}}, votre commande est prête."}]}, token)["id"]
    companies.append((token, nid, tid, number["phone_number_id"]))
for token, nid, tid, _ in companies:
    while call("GET", url, f"/api/v1/templates/{tid}", token=token)["status"] != "APPROVED": time.sleep(0.2)
for i, (token, nid, tid, _) in enumerate(companies):
    tenant = sql(f"SELECT tenant_id FROM whatsapp_numbers WHERE id = '{nid}'")
    sql(f"INSERT INTO contacts (tenant_id, name, first_name, phone, consent_status) SELECT '{tenant}', 'C' || g, 'Ana', '+336{i}' || lpad(g::text, 7, '0'), 'opted_in' FROM generate_series(1, {per_number}) g")
campaigns = []
for token, nid, tid, _ in companies:
    campaigns.append(call("POST", url, "/api/v1/campaigns", {"name": "Bench", "number_id": nid, "template": {"name": "bench", "language": "fr"}, "variables": {"body": ["{first_name|client}"]}}, token)["id"])
for (token, *_), cid in zip(companies, campaigns):
    call("POST", url, f"/api/v1/campaigns/{cid}/launch", token=token)
while any(call("GET", url, f"/api/v1/campaigns/{cid}/stats", token=token)["state"] != "completed" for (token, *_), cid in zip(companies, campaigns)):
    time.sleep(1)
from datetime import datetime
rows = []
for index, (*_, pnid) in enumerate(companies):
    entries, after = [], None
    while True:
        page = call("GET", sim, f"/__sim/messages?phone_number_id={pnid}&limit=10000" + (f"&after={after}" if after else ""))
        entries += page["data"]; after = page.get("next")
        if not after: break
    times = sorted(datetime.fromisoformat(e["accepted_at"].replace("Z", "+00:00")).timestamp() for e in entries)
    sustained = (len(times) - 1) / (times[-1] - times[0])
    busiest, start = 0, 0
    for end in range(len(times)):
        while times[end] - times[start] >= 1: start += 1
        busiest = max(busiest, end - start + 1)
    rows.append((index + 1, len(entries), len({e["to"] for e in entries}), sustained, busiest))
for number, count, unique, sustained, busiest in rows:
    print(f"| number {number} | {count:,} accepted ({unique:,} recipients) | sustained {sustained:.1f} msg/s = {sustained / 80:.1%} of 80 | busiest second {busiest} |")
print(f"| all | min sustained {min(r[3] for r in rows) / 80:.1%} of 80 (target ≥ 95 %) | max busiest second {max(r[4] for r in rows)} (target ≤ 80) | |")
PY
