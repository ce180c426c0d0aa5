#!/usr/bin/env bash
# The deployment smoke test (deploy/test/smoke.py): installs what it needs when missing, checks the deploy/ files,
# then runs two relais nodes behind nginx over HTTPS, directly on PostgreSQL and through PgBouncer.
# Closing line: `smoke: N passed, M failed`; non-zero exit on failure. Needs RELAIS_BINARY (default: the CI build).
set -euo pipefail
cd "$(dirname "$0")/../.."
export DEBIAN_FRONTEND=noninteractive

missing=()
command -v nginx >/dev/null 2>&1 || [ -x /usr/sbin/nginx ] || missing+=(nginx)
command -v pgbouncer >/dev/null 2>&1 || [ -x /usr/sbin/pgbouncer ] || missing+=(pgbouncer)
command -v openssl >/dev/null 2>&1 || missing+=(openssl)
command -v runuser >/dev/null 2>&1 || missing+=(util-linux)
if [ "${#missing[@]}" -gt 0 ]; then
    echo "smoke: installing ${missing[*]}"
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
# Debian starts the packaged services on install; the smoke test runs its own instances on other ports.
export PATH="$PATH:/usr/sbin:/sbin"
python3 -c "import yaml" 2>/dev/null || pip install -q pyyaml

# The driver stops every process it started and removes its folder on exit, SIGTERM and SIGINT included; this
# trap passes an interruption of the script on to it. `timeout` bounds a run that hangs.
driver=""
trap '[ -n "$driver" ] && kill -TERM "$driver" 2>/dev/null; wait' INT TERM
timeout 600 python3 deploy/test/smoke.py &
driver=$!
wait "$driver"
