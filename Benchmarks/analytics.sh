#!/usr/bin/env bash
# Analytics (issue 7): with ~10,000,000 message rows across 50 companies and 2,000 campaigns, the server time of the
# dashboard (30-day period) and of a campaign report, next to a plain `SELECT status, count(*) … GROUP BY status` over
# one company's messages in the same run; then the PDF and XLSX exports of a 100,000-recipient campaign (wall time,
# peak RSS growth of the server).
# Targets: p95 < 50 ms for the pages; exports < 5 s and < 100 MB of RSS growth.
# Data: 50 companies (sign-up API, one sandbox number each), 40 campaigns each (one run, completed), 5,000 messages per
# campaign spread over the last 120 days in the company's hours, plus one campaign of 100,000 in the first company.
# Rows are inserted with SQL as the owner, so the same statement triggers that the send loop fires fill `message_stats`.
set -euo pipefail
cd "$(dirname "$0")/.."
COMPANIES="${COMPANIES:-50}"; CAMPAIGNS="${CAMPAIGNS:-40}"; PER_CAMPAIGN="${PER_CAMPAIGN:-5000}"; BIG="${BIG:-100000}"
SAMPLES="${SAMPLES:-200}"
WORK=$(mktemp -d /tmp/relais-analyticsbench-XXXX)
# ANALYTICS_DATA keeps the generated database between runs (generating 10M rows takes minutes): a second run with the
# same folder only measures. Without it, the data lives and dies in the temporary folder.
DATA="${ANALYTICS_DATA:-$WORK/data}"
. Benchmarks/serve.sh
export RELAIS_DATA_DIR="$DATA"
start_relais

if [ ! -f "$DATA/bench.env" ]; then
echo "analytics: signing up $COMPANIES companies" >&2
for c in $(seq 1 "$COMPANIES"); do
  TOKEN=$(curl -fs -X POST "$URL/api/v1/auth/signup" -H 'content-type: application/json' \
    -d "{\"company\":\"Bench $c\",\"name\":\"Bench\",\"email\":\"bench$c@example.com\",\"password\":\"benchmark password\"}" | json '["access_token"]')
  curl -fs -X POST "$URL/api/v1/whatsapp/numbers/sandbox" -H "authorization: Bearer $TOKEN" -H 'content-type: application/json' -d '{}' >/dev/null
  [ "$c" = 1 ] && echo "$TOKEN" >"$WORK/token"
done
# One real campaign through the API gives a content document the pages can read; the generated ones copy it.
TOKEN=$(cat "$WORK/token"); auth=(-H "authorization: Bearer $TOKEN" -H 'content-type: application/json')
NID=$(curl -fs "$URL/api/v1/whatsapp/numbers" "${auth[@]}" | json '["data"][0]["id"]')
TID=$(curl -fs -X POST "$URL/api/v1/templates" "${auth[@]}" -d "{\"number_id\":\"$NID\",\"name\":\"promo\",\"language\":\"fr\",\"category\":\"MARKETING\",\"components\":[{\"type\":\"BODY\",\"text\":\"Bonjour, nos soldes d'hiver commencent !\"}]}" | json '["id"]')
for _ in $(seq 1 100); do [ "$(curl -fs "$URL/api/v1/templates/$TID" "${auth[@]}" | json '["status"]')" = "APPROVED" ] && break; sleep 0.2; done
TNAME=promo; TLANG=fr
REAL=$(curl -fs -X POST "$URL/api/v1/campaigns" "${auth[@]}" \
  -d "{\"name\":\"Modèle\",\"number_id\":\"$NID\",\"template\":{\"name\":\"$TNAME\",\"language\":\"$TLANG\"}}" | json '["id"]')

echo "analytics: generating messages (this takes minutes)" >&2
GEN_START=$(date +%s)
sql "UPDATE companies SET timezone = 'Europe/Paris'"
sql "INSERT INTO campaigns (tenant_id, name, number_id, state, content, created_at)
     SELECT n.tenant_id, 'Campagne ' || k || ' — soldes d''hiver', n.id, 'completed',
            (SELECT content FROM campaigns WHERE id = '$REAL'), now() - ((k * 3) % 120) * interval '1 day'
     FROM whatsapp_numbers n CROSS JOIN generate_series(1, $CAMPAIGNS) k"
sql "INSERT INTO campaign_runs (tenant_id, campaign_id, number_id, occurrence, state, started_at, finished_at)
     SELECT tenant_id, id, number_id, 0, 'completed', created_at, created_at + interval '2 hours' FROM campaigns WHERE id <> '$REAL'"
BIGRUN=$(sql "SELECT r.id FROM campaign_runs r JOIN campaigns c USING (tenant_id) WHERE r.campaign_id = c.id AND c.tenant_id =
              (SELECT tenant_id FROM campaigns WHERE id = '$REAL') AND c.id <> '$REAL' ORDER BY c.created_at DESC LIMIT 1")
BIGCAMPAIGN=$(sql "SELECT campaign_id FROM campaign_runs WHERE id = '$BIGRUN'")
# One statement per company: the statement triggers fold 200,000 rows into the counters and the rollup at once.
for TENANT in $(sql "SELECT tenant_id FROM companies ORDER BY created_at"); do
  sql "INSERT INTO outbound_messages (tenant_id, id, number_id, to_phone, template_name, status, callback_id, error_code, error_title,
                                      pricing_category, created_at, sent_at, delivered_at, read_at, failed_at, replied_at, opted_out_at,
                                      campaign_id, run_id, category)
       SELECT r.tenant_id, gen_random_uuid(), r.number_id, '+336' || lpad((i + s * 100000)::text, 8, '0'), 'promo',
              CASE WHEN x < 0.05 THEN 'failed' WHEN x < 0.15 THEN 'sent' WHEN x < 0.40 THEN 'delivered' ELSE 'read' END,
              gen_random_uuid(),
              CASE WHEN x < 0.03 THEN 131026 WHEN x < 0.05 THEN 131049 END,
              CASE WHEN x < 0.03 THEN 'Message undeliverable' WHEN x < 0.05 THEN 'Per-user marketing limit' END,
              CASE WHEN x >= 0.05 THEN 'marketing' END,
              at, CASE WHEN x >= 0.05 THEN at END, CASE WHEN x >= 0.15 THEN at + interval '20 seconds' END,
              CASE WHEN x >= 0.40 THEN at + (x * 3) * interval '1 hour' END, CASE WHEN x < 0.05 THEN at + interval '2 seconds' END,
              CASE WHEN x > 0.95 THEN at + interval '5 hours' END, CASE WHEN x > 0.995 THEN at + interval '6 hours' END,
              r.campaign_id, r.id, 'marketing'
       FROM (SELECT r.*, row_number() OVER (ORDER BY r.id) AS s FROM campaign_runs r WHERE r.tenant_id = '$TENANT') r
       CROSS JOIN LATERAL generate_series(1, CASE WHEN r.id = '$BIGRUN' THEN $BIG ELSE $PER_CAMPAIGN END) i
       -- i appears in the lateral so PostgreSQL draws new random values for every message, not once per run.
       CROSS JOIN LATERAL (SELECT random() + 0 * i AS x,
                                  r.started_at + (random() * 14 + 0 * i) * interval '1 hour' AS at) v"
done
sql "VACUUM ANALYZE"
ROWS=$(sql "SELECT count(*) FROM outbound_messages")
STATROWS=$(sql "SELECT count(*) FROM message_stats")
GEN=$(( $(date +%s) - GEN_START ))
echo "analytics: $ROWS messages, $STATROWS rollup rows in ${GEN}s" >&2
TENANT=$(sql "SELECT tenant_id FROM campaigns WHERE id = '$REAL'")
echo "REAL=$REAL BIGCAMPAIGN=$BIGCAMPAIGN TENANT=$TENANT ROWS=$ROWS STATROWS=$STATROWS GEN=$GEN" >"$DATA/bench.env"
fi
# shellcheck disable=SC1091
. "$DATA/bench.env"
# GENERATE_ONLY=1 stops here (to prepare ANALYTICS_DATA once, e.g. while the release build is still running).
if [ -n "${GENERATE_ONLY:-}" ]; then echo "analytics: data ready in $DATA ($ROWS messages, $STATROWS rollup rows, ${GEN} s)" >&2; exit 0; fi
TOKEN=$(curl -fs -X POST "$URL/api/v1/auth/login" -H 'content-type: application/json' \
  -d '{"email":"bench1@example.com","password":"benchmark password"}' | json '["access_token"]')
auth=(-H "authorization: Bearer $TOKEN" -H 'content-type: application/json')

# The reference: a plain count by status over the first company's messages, as the owner (no RLS), best of the samples.
python3 - "$PGPORT" "$TENANT" >"$WORK/reference.txt" <<'PY'
import os, re, subprocess, sys
port, tenant = sys.argv[1:3]
query = f"\\timing on\n" + f"SELECT status, count(*) FROM outbound_messages WHERE tenant_id = '{tenant}' GROUP BY status;\n" * 30
out = subprocess.run(["psql", "-h", "127.0.0.1", "-p", port, "-U", "relais_owner", "-d", "relais", "-Atq"], input=query,
                     capture_output=True, text=True, check=True).stdout
times = sorted(float(t) for t in re.findall(r"Time: ([\d.]+) ms", out))[5:]
print(f"{times[len(times) // 2]:.1f} {times[int(len(times) * 0.95) - 1]:.1f}")
PY

# Page and API timings: sequential keep-alive requests after a warm-up, p50 and p95 of the wall time on loopback.
python3 - "$PORT" "$BIGCAMPAIGN" "$SAMPLES" "$TOKEN" "$BIG" >"$WORK/timings.txt" <<'PY'
import http.client, re, sys, time, urllib.parse
port, campaign, samples, token, big = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4], int(sys.argv[5])
conn = http.client.HTTPConnection("127.0.0.1", int(port))
cookies = {}
def request(method, path, body=None, headers=None):
    headers = dict(headers or {})
    if cookies: headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in cookies.items())
    conn.request(method, path, body=body, headers=headers)
    response = conn.getresponse(); data = response.read()
    for name, value in response.getheaders():
        if name.lower() == "set-cookie":
            k, _, v = value.split(";")[0].partition("="); cookies[k] = v
    return response.status, data
request("GET", "/login")
form = urllib.parse.urlencode({"email": "bench1@example.com", "password": "benchmark password", "csrf_token": cookies.get("relais_csrf", "")})
status, _ = request("POST", "/login", form, {"Content-Type": "application/x-www-form-urlencoded"})
assert status in (302, 303), f"login answered {status}"
bearer = {"Authorization": f"Bearer {token}"}
targets = [
    ("dashboard page `/?period=30d`", "/?period=30d", {}),
    (f"campaign report page ({big:,} recipients)", f"/campaigns/{campaign}/report", {}),
    ("`GET /api/v1/reports/overview?period=30d`", "/api/v1/reports/overview?period=30d", bearer),
    (f"`GET /api/v1/campaigns/{{id}}/report` ({big:,} recipients)", f"/api/v1/campaigns/{campaign}/report", bearer),
]
for label, path, headers in targets:
    status, body = request("GET", path, headers=headers)
    if status != 200:
        print(f"{label}|{status}|-|-"); continue
    for _ in range(20): request("GET", path, headers=headers)
    times = []
    for _ in range(samples):
        start = time.perf_counter(); request("GET", path, headers=headers); times.append((time.perf_counter() - start) * 1000)
    times.sort()
    print(f"{label}|200|{times[len(times) // 2]:.1f}|{times[int(len(times) * 0.95) - 1]:.1f}")
PY

# Exports of the 100,000-recipient campaign: wall time, and the server's peak RSS growth (VmHWM reset before each).
export_run() {
  local path="$1"
  local before; before=$(awk '/VmRSS/ {print $2}' /proc/$PID/status)
  echo 5 >/proc/$PID/clear_refs
  local start; start=$(date +%s.%N)
  local code; code=$(curl -s -o "$WORK/export.bin" -w '%{http_code}' "$URL$path" "${auth[@]}")
  local end; end=$(date +%s.%N)
  local peak; peak=$(awk '/VmHWM/ {print $2}' /proc/$PID/status)
  echo "$path|$code|$(python3 -c "print(f'{$end - $start:.2f}')")|$(( (peak - before) / 1024 ))|$(stat -c %s "$WORK/export.bin")"
}
{
  export_run "/api/v1/campaigns/$BIGCAMPAIGN/report.xlsx"
  export_run "/api/v1/campaigns/$BIGCAMPAIGN/report.pdf"
} >"$WORK/exports.txt"

read -r REF50 REF95 <"$WORK/reference.txt"
echo "| data | $ROWS message rows, $COMPANIES companies, $(( COMPANIES * CAMPAIGNS )) campaigns; $STATROWS rollup rows | generated in ${GEN} s | |"
echo "| reference: \`SELECT status, count(*) … GROUP BY status\` over one company's $(sql "SELECT count(*) FROM outbound_messages WHERE tenant_id = '$TENANT'") messages (psql, owner) | p50 $REF50 ms, p95 $REF95 ms | | |"
while IFS='|' read -r label status p50 p95; do
  if [ "$status" != 200 ]; then echo "| $label | answered $status | | |"; continue; fi
  verdict=$(python3 -c "print('met' if $p95 < 50 else 'not met')")
  ratio=$(python3 -c "print(f'{$p95 / $REF95:.2f}')")
  echo "| $label | p50 $p50 ms, p95 **$p95 ms** | target p95 < 50 ms: $verdict | ${ratio}× the reference's p95 |"
done <"$WORK/timings.txt"
while IFS='|' read -r path code seconds growth bytes; do
  path="${path/$BIGCAMPAIGN/\{id\}}"
  if [ "$code" != 200 ]; then echo "| export \`$path\` | answered $code | | |"; continue; fi
  verdict=$(python3 -c "print('met' if $seconds < 5 and $growth < 100 else 'not met')")
  echo "| export \`$path\` of $BIG recipients ($(( bytes / 1024 )) KB) | **$seconds s**, RSS growth **$growth MB** | targets < 5 s, < 100 MB: $verdict | |"
done <"$WORK/exports.txt"
