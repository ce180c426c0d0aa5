#!/usr/bin/env bash
# Foundation benchmarks (issue 2): API round trip under RLS vs /healthz and vs a bare `SELECT 1` route (/readyz),
# idle RSS, launch-to-ready time.
#
#   Benchmarks/foundation.sh            # builds release into /var/tmp/relais-release-build, prints a RESULTS.md section
#
# Needs wrk, hyperfine and curl (Debian packages). Everything runs on loopback.
set -euo pipefail
cd "$(dirname "$0")/.."
SCRATCH="${RELAIS_BENCH_SCRATCH:-/var/tmp/relais-release-build}"
swift build -c release --scratch-path "$SCRATCH" --product relais >/dev/null
BIN="$SCRATCH/release/relais"
WORK=$(mktemp -d /tmp/relais-bench-XXXX)
chmod 711 "$WORK"  # the postgres user must reach the cluster in $WORK, or it is put in /var/tmp and left there
PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
export RELAIS_DATA_DIR="$WORK/data" RELAIS_PORT="$PORT" RELAIS_LOG_LEVEL=warning RELAIS_AUTH_RATE_LIMIT=100000
URL="http://127.0.0.1:$PORT"

wait_ready() { for _ in $(seq 1 600); do curl -fs "$URL/readyz" >/dev/null 2>&1 && return 0; sleep 0.05; done; return 1; }

# First start initialises the cluster (not measured), then stop it cleanly.
"$BIN" serve >"$WORK/first.log" 2>&1 & PID=$!
wait_ready; kill -TERM $PID; wait $PID || true

# Launch to /readyz = 200 with an existing cluster: (a) cluster stopped (server starts it), (b) cluster running (adopted).
cat >"$WORK/boot.sh" <<BOOT
#!/usr/bin/env bash
"$BIN" serve >/dev/null 2>&1 & PID=\$!
for _ in \$(seq 1 2000); do curl -fs "$URL/readyz" >/dev/null 2>&1 && break; sleep 0.01; done
kill -\${1:-TERM} \$PID; wait \$PID 2>/dev/null || true
BOOT
chmod +x "$WORK/boot.sh"
hyperfine --warmup 1 --runs 10 --export-json "$WORK/boot-stopped.json" "$WORK/boot.sh TERM" >/dev/null
"$BIN" serve >/dev/null 2>&1 & PID=$!; wait_ready; kill -KILL $PID; wait $PID 2>/dev/null || true   # leave the cluster running
hyperfine --warmup 1 --runs 10 --export-json "$WORK/boot-running.json" "$WORK/boot.sh KILL" >/dev/null

# Idle RSS and the wrk runs, on one server.
"$BIN" serve >"$WORK/serve.log" 2>&1 & PID=$!
wait_ready; sleep 3
RSS_KB=$(awk '/VmRSS/ {print $2}' /proc/$PID/status)
EMAIL="bench-$RANDOM$RANDOM@example.com"
TOKEN=$(curl -fs -X POST "$URL/api/v1/auth/signup" -H 'content-type: application/json' \
  -d "{\"company\":\"Bench\",\"name\":\"Bench\",\"email\":\"$EMAIL\",\"password\":\"benchmark password\"}" \
  | python3 -c 'import sys, json; print(json.load(sys.stdin)["access_token"])')
wrk -t2 -c64 -d15s --latency "$URL/healthz" >/dev/null   # warm-up
wrk -t2 -c64 -d20s --latency "$URL/healthz" >"$WORK/healthz.txt"
wrk -t2 -c64 -d20s --latency -H "Authorization: Bearer $TOKEN" "$URL/api/v1/me" >"$WORK/me.txt"
# The floor of any route that asks PostgreSQL something: `/readyz` runs `SELECT 1` through the same pool and middleware.
wrk -t2 -c64 -d20s --latency "$URL/readyz" >"$WORK/readyz.txt"
kill -TERM $PID; wait $PID || true

python3 - "$WORK" "$RSS_KB" <<'PY'
import json, re, sys, platform, subprocess
work, rss = sys.argv[1], int(sys.argv[2])
def wrk(name):
    text = open(f"{work}/{name}.txt").read()
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", text).group(1))
    p99 = re.search(r"99%\s+([\d.]+)(us|ms|s)", text)
    scale = {"us": 0.001, "ms": 1, "s": 1000}[p99.group(2)]
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", text)
    return rps, float(p99.group(1)) * scale, int(errors.group(1)) if errors else 0
def boot(name):
    result = json.load(open(f"{work}/{name}.json"))["results"][0]
    return result["mean"] * 1000, result["stddev"] * 1000
h, m, r = wrk("healthz"), wrk("me"), wrk("readyz")
cpu = subprocess.run(["sh", "-c", "grep -m1 'model name' /proc/cpuinfo | cut -d: -f2"], capture_output=True, text=True).stdout.strip()
print(f"machine: {cpu}, {subprocess.run(['nproc'], capture_output=True, text=True).stdout.strip()} cores, {platform.system()} {platform.release()}")
print(f"| `wrk -t2 -c64 -d20s /healthz` | {h[0]:,.0f} req/s | p99 {h[1]:.2f} ms | non-2xx {h[2]} |")
print(f"| `wrk -t2 -c64 -d20s /api/v1/me` (Bearer; token, session and user checked in PostgreSQL under RLS) | {m[0]:,.0f} req/s | p99 {m[1]:.2f} ms | non-2xx {m[2]} |")
print(f"| `wrk -t2 -c64 -d20s /readyz` (`SELECT 1` through the same pool) | {r[0]:,.0f} req/s | p99 {r[1]:.2f} ms | non-2xx {r[2]} |")
print(f"| ratio /me ÷ /healthz | {m[0] / h[0] * 100:.1f} % | target ≥ 40 %, p99 < 20 ms | |")
print(f"| ratio /readyz ÷ /healthz, /me ÷ /readyz | {r[0] / h[0] * 100:.1f} %, {m[0] / r[0] * 100:.1f} % | what a bare round trip leaves | |")
print(f"| idle RSS of `relais serve` 3 s after ready | {rss / 1024:.1f} MB | target < 80 MB | |")
b1, b2 = boot("boot-stopped"), boot("boot-running")
print(f"| launch → /readyz 200, cluster stopped (server starts it) | {b1[0]:.0f} ms ± {b1[1]:.0f} | hyperfine, 10 runs | |")
print(f"| launch → /readyz 200, cluster already running | {b2[0]:.0f} ms ± {b2[1]:.0f} | target < 1.5 s | |")
PY
rm -rf "$WORK"
