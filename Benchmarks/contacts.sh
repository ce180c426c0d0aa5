#!/usr/bin/env bash
# Contacts (issue 4): import of a generated 1,000,000-row CSV and of a 200,000-row XLSX through `relais serve`
# (release, embedded PostgreSQL), each next to PostgreSQL's own `COPY` of the same rows, already normalised, into a
# bare table in the same run; then the live count of a 2-tag segment over the 1,000,000 contacts.
# Rows: French national writings in several styles, 3 % invalid numbers, 5 % duplicates, 3 tags.
# Targets: import ≤ 3× the COPY time, server peak RSS growth < 150 MB; segment count < 100 ms.
set -euo pipefail
cd "$(dirname "$0")/.."
ROWS="${ROWS:-1000000}"; XLSX_ROWS="${XLSX_ROWS:-200000}"; SAMPLES="${SAMPLES:-50}"
WORK=$(mktemp -d /tmp/relais-contactsbench-XXXX)
. Benchmarks/serve.sh

echo "contacts: generating $ROWS CSV rows and $XLSX_ROWS XLSX rows" >&2
python3 - "$WORK" "$ROWS" "$XLSX_ROWS" <<'PY'
import csv, random, sys
work, rows, xlsx_rows = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
random.seed(42)
styles = [lambda d: "0" + d[0] + " " + " ".join(d[i:i + 2] for i in range(1, 9, 2)),   # 06 12 34 56 78
          lambda d: "+33 " + d[0] + " " + " ".join(d[i:i + 2] for i in range(1, 9, 2)),  # +33 6 12 34 56 78
          lambda d: "0" + d,                                                           # 0612345678
          lambda d: "0033" + d,                                                        # 0033612345678
          lambda d: "0" + d[0] + "." + ".".join(d[i:i + 2] for i in range(1, 9, 2))]   # 06.12.34.56.78
tags = ["vip", "newsletter", "salon-2026"]
def generate(count, seed_offset):
    seen, out, normalised = [], [], []
    for i in range(count):
        r = random.random()
        if r < 0.03:
            out.append(("06 12", f"Invalide {i}", "", "", "vip")); continue
        if r < 0.08 and seen:
            digits = random.choice(seen)
        else:
            digits = random.choice("67") + f"{(i * 7919 + seed_offset) % 100000000:08d}"
            seen.append(digits)
            normalised.append(("+33" + digits, f"Client {i}", f"Zoé{i}", f"c{i}@exemple.fr"))
        picked = [t for t in tags if random.random() < 0.4]
        out.append((random.choice(styles)(digits), f"Client {i}", f"Zoé{i}", f"c{i}@exemple.fr", ";".join(picked)))
    return out, normalised
rows_out, rows_norm = generate(rows, 0)
with open(f"{work}/contacts.csv", "w", newline="", encoding="utf-8") as f:
    w = csv.writer(f); w.writerow(["Téléphone", "Nom", "Prénom", "E-mail", "Tags"]); w.writerows(rows_out)
with open(f"{work}/contacts-copy.csv", "w", newline="", encoding="utf-8") as f:
    csv.writer(f).writerows(rows_norm)
x_out, x_norm = generate(xlsx_rows, 55555)
from openpyxl import Workbook
wb = Workbook(write_only=True); ws = wb.create_sheet("Contacts")
ws.append(["Téléphone", "Nom", "Prénom", "E-mail", "Tags"])
for row in x_out: ws.append(list(row) + [""] * (5 - len(row)))
wb.save(f"{work}/contacts.xlsx")
with open(f"{work}/xlsx-copy.csv", "w", newline="", encoding="utf-8") as f:
    csv.writer(f).writerows(x_norm)
PY

export RELAIS_DATA_DIR="$WORK/data" RELAIS_IMPORT_MAX_BYTES=$((512 * 1024 * 1024))
start_relais
TOKEN=$(curl -fs -X POST "$URL/api/v1/auth/signup" -H 'content-type: application/json' \
  -d '{"company":"Bench","name":"Bench","email":"contacts@example.com","password":"benchmark password"}' | json '["access_token"]')
auth=(-H "authorization: Bearer $TOKEN")
MAPPING='{"Téléphone":"phone","Nom":"name","Prénom":"first_name","E-mail":"email","Tags":"tags"}'

# COPY of the normalised rows into a bare table: PostgreSQL's own floor for loading them.
copy_time() {
  sql "DROP TABLE IF EXISTS bench_copy; CREATE TABLE bench_copy (phone text, name text, first_name text, email text)"
  local start; start=$(date +%s.%N)
  psql -h 127.0.0.1 -p "$PGPORT" -U relais_owner -d relais -v ON_ERROR_STOP=1 -qc "\\copy bench_copy FROM '$1' WITH (FORMAT csv)"
  python3 -c "import time; print(f'{time.time() - $start:.2f}')"
}

# Upload, then wait for the import to finish; prints seconds, RSS growth in MB and the import's counters.
import_run() {
  local file="$1"
  local before; before=$(awk '/VmRSS/ {print $2}' /proc/$PID/status)
  echo 5 >/proc/$PID/clear_refs
  local start; start=$(date +%s.%N)
  local id; id=$(curl -fs -X POST "$URL/api/v1/contacts/imports" "${auth[@]}" -F "file=@$file" -F "mapping=$MAPPING" \
    -F default_country=FR -F consent=opted_in -F consent_source=benchmark | json '["id"]')
  local body=""
  while :; do
    body=$(curl -fs "$URL/api/v1/contacts/imports/$id" "${auth[@]}")
    case "$(echo "$body" | json '["state"]')" in completed|failed) break ;; esac
    sleep 0.2
  done
  local end; end=$(date +%s.%N)
  local peak; peak=$(awk '/VmHWM/ {print $2}' /proc/$PID/status)
  echo "$(python3 -c "print(f'{$end - $start:.2f}')")|$(( (peak - before) / 1024 ))|$(echo "$body" | python3 -c "import sys, json; d=json.load(sys.stdin); print(f\"{d['state']}: {d['rows']:,} rows, {d['created']:,} created, {d['updated']:,} updated, {d['duplicates']:,} duplicates, {d['invalid']:,} invalid\")")"
}

echo "contacts: COPY and import of the CSV" >&2
CSV_COPY=$(copy_time "$WORK/contacts-copy.csv")
IFS='|' read -r CSV_TIME CSV_RSS CSV_COUNTS <<<"$(import_run "$WORK/contacts.csv")"
echo "contacts: COPY and import of the XLSX" >&2
XLSX_COPY=$(copy_time "$WORK/xlsx-copy.csv")
IFS='|' read -r XLSX_TIME XLSX_RSS XLSX_COUNTS <<<"$(import_run "$WORK/contacts.xlsx")"

echo "contacts: segment count" >&2
sql "VACUUM ANALYZE"
CONTACTS=$(sql "SELECT count(*) FROM contacts")
SEGMENT=$(curl -fs -X POST "$URL/api/v1/segments" "${auth[@]}" -H 'content-type: application/json' \
  -d '{"name":"VIP abonnés","filter":{"tags_all":["vip","newsletter"]}}' | json '["id"]')
SEGMENT_RESULT=$(python3 - "$PORT" "$TOKEN" "$SEGMENT" "$SAMPLES" <<'PY'
import http.client, json, sys, time
port, token, segment, samples = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
conn = http.client.HTTPConnection("127.0.0.1", int(port))
def get():
    conn.request("GET", f"/api/v1/segments/{segment}", headers={"Authorization": f"Bearer {token}"})
    r = conn.getresponse(); return r.status, r.read()
status, body = get()
count = json.loads(body).get("count")
for _ in range(5): get()
times = []
for _ in range(samples):
    start = time.perf_counter(); get(); times.append((time.perf_counter() - start) * 1000)
times.sort()
print(f"{count}|{times[len(times) // 2]:.1f}|{times[int(len(times) * 0.95) - 1]:.1f}")
PY
)
IFS='|' read -r SEG_COUNT SEG50 SEG95 <<<"$SEGMENT_RESULT"
verdict() { python3 -c "print('met' if $1 else 'not met')"; }
echo "| import of a ${ROWS}-row CSV ($(( $(stat -c %s "$WORK/contacts.csv") / 1048576 )) MB; $CSV_COUNTS) | **$CSV_TIME s**, RSS growth **$CSV_RSS MB** | COPY of the normalised rows: $CSV_COPY s → **$(python3 -c "print(f'{$CSV_TIME / $CSV_COPY:.1f}')")×** | ≤ 3×: $(verdict "$CSV_TIME <= 3 * $CSV_COPY"); < 150 MB: $(verdict "$CSV_RSS < 150") |"
echo "| import of a ${XLSX_ROWS}-row XLSX ($(( $(stat -c %s "$WORK/contacts.xlsx") / 1048576 )) MB; $XLSX_COUNTS) | **$XLSX_TIME s**, RSS growth **$XLSX_RSS MB** | COPY of the normalised rows: $XLSX_COPY s → **$(python3 -c "print(f'{$XLSX_TIME / $XLSX_COPY:.1f}')")×** | ≤ 3×: $(verdict "$XLSX_TIME <= 3 * $XLSX_COPY"); < 150 MB: $(verdict "$XLSX_RSS < 150") |"
echo "| \`GET /api/v1/segments/{id}\` (tags_all vip + newsletter → $SEG_COUNT of $CONTACTS contacts) | p50 $SEG50 ms, p95 **$SEG95 ms** | $SAMPLES sequential requests | < 100 ms: $(verdict "$SEG95 < 100") |"
