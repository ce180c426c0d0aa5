#!/usr/bin/env bash
# Simulator throughput (issue 3): one `relais simulator` process, template sends to distinct recipients,
# posted by wrk (2 threads, 64 connections). Target: >= 5,000 accepted sends/s on this 2-core machine.
set -euo pipefail
cd "$(dirname "$0")/.."
SCRATCH="${RELAIS_BENCH_SCRATCH:-/var/tmp/relais-release-build}"
swift build -c release --scratch-path "$SCRATCH" --product relais >/dev/null
BIN="$SCRATCH/release/relais"
WORK=$(mktemp -d /tmp/relais-simbench-XXXX)
PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
RELAIS_LOG_LEVEL=warning "$BIN" simulator --port "$PORT" >"$WORK/sim.log" 2>&1 & SIM=$!
trap 'kill $SIM 2>/dev/null || true; rm -rf "$WORK"' EXIT
URL="http://127.0.0.1:$PORT"
for _ in $(seq 1 100); do curl -fs "$URL/__sim/messages?limit=1" >/dev/null 2>&1 && break; sleep 0.1; done
NUMBER=$(curl -fs -X POST "$URL/__sim/numbers" -H 'content-type: application/json' -d '{"display_phone_number":"+33100000000","throughput":1000000}')
PNID=$(echo "$NUMBER" | python3 -c 'import sys, json; print(json.load(sys.stdin)["phone_number_id"])')
WABA=$(echo "$NUMBER" | python3 -c 'import sys, json; print(json.load(sys.stdin)["waba_id"])')
TOKEN=$(echo "$NUMBER" | python3 -c 'import sys, json; print(json.load(sys.stdin)["access_token"])')
curl -fs -X POST "$URL/v23.0/$WABA/message_templates" -H "authorization: Bearer $TOKEN" -H 'content-type: application/json' \
  -d '{"name":"bench","language":"fr","category":"MARKETING","components":[{"type":"BODY","text":"Bonjour {{1}}, votre offre du jour vous attend en magasin."}]}' >/dev/null
sleep 2
cat >"$WORK/send.lua" <<LUA
counter = 0
prefix = os.getenv("PREFIX") or "3361"
request = function()
  counter = counter + 1
  local body = string.format('{"messaging_product":"whatsapp","to":"%s%07d","type":"template","template":{"name":"bench","language":{"code":"fr"},"components":[{"type":"body","parameters":[{"type":"text","text":"Ana"}]}]},"biz_opaque_callback_data":"c%d"}', prefix, counter % 10000000, counter)
  return wrk.format("POST", "/v23.0/$PNID/messages", {["Content-Type"]="application/json", ["Authorization"]="Bearer $TOKEN"}, body)
end
LUA
PREFIX=3362 wrk -t2 -c64 -d5s -s "$WORK/send.lua" "$URL" >/dev/null  # warm-up, other recipients (the pair limit is per recipient)
PREFIX=3361 wrk -t2 -c64 -d15s --latency -s "$WORK/send.lua" "$URL" >"$WORK/wrk.txt"
python3 - "$WORK/wrk.txt" <<'PY'
import re, sys
text = open(sys.argv[1]).read()
rps = float(re.search(r"Requests/sec:\s+([\d.]+)", text).group(1))
p99 = re.search(r"99%\s+([\d.]+)(us|ms|s)", text)
errors = re.search(r"Non-2xx or 3xx responses: (\d+)", text)
print(f"| `wrk -t2 -c64 -d15s` template sends to `relais simulator` (distinct recipients) | {rps:,.0f} sends/s | p99 {p99.group(1)} {p99.group(2)} | non-2xx {errors.group(1) if errors else 0} | target ≥ 5,000/s: {rps / 5000:.2f}× |")
PY
