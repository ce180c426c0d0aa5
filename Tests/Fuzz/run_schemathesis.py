#!/usr/bin/env python3
"""Schemathesis against a real `relais serve`: no 5xx, no response that breaks `openapi.json`.

Starts the server on free ports with its own embedded PostgreSQL in a temporary folder, signs up a company through
the API, then runs `st run` on `/api/v1/openapi.json` with that company's access token. Exits non-zero when
schemathesis finds a failure (or when the server cannot start).

    RELAIS_BINARY=/var/tmp/relais-ci-build/debug/relais python3 Tests/Fuzz/run_schemathesis.py --max-examples 10

Every argument after the script's own is passed to `st run` (e.g. `--max-examples`, `--seed`, `--workers`).
The access token lives 15 minutes: long runs re-sign-up between passes (`--passes`), each pass with a fresh token.
"""
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
import uuid


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(binary, folder):
    port, sandbox = free_port(), free_port()
    env = dict(os.environ, RELAIS_DATA_DIR=os.path.join(folder, "data"), RELAIS_PORT=str(port),
               RELAIS_SANDBOX_PORT=str(sandbox), RELAIS_BCRYPT_COST="4", RELAIS_LOG_LEVEL="warning",
               # The fuzzer sends thousands of requests from one address; the auth limiter would answer 429 to most.
               RELAIS_AUTH_RATE_LIMIT="100000", RELAIS_BACKUPS="off")
    env.pop("DATABASE_URL", None)
    log = open(os.path.join(folder, "server.log"), "w")
    process = subprocess.Popen([binary, "serve"], env=env, stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    deadline = time.time() + 180
    while time.time() < deadline:
        if process.poll() is not None:
            break
        try:
            if urllib.request.urlopen(url + "/readyz", timeout=2).status == 200:
                return process, url, log.name
        except Exception:
            time.sleep(0.3)
    process.terminate()
    raise RuntimeError("relais did not become ready; see " + log.name)


def sign_up(url):
    body = json.dumps({"company": "Fuzz SARL", "name": "Fuzz Admin", "email": f"fuzz-{uuid.uuid4().hex[:10]}@example.com",
                       "password": "correct horse battery staple"}).encode()
    request = urllib.request.Request(url + "/api/v1/auth/signup", data=body, headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=30) as response:
        return json.load(response)["access_token"]


def main():
    arguments = sys.argv[1:]
    passes = 1
    if "--passes" in arguments:
        index = arguments.index("--passes")
        passes = int(arguments[index + 1])
        del arguments[index:index + 2]
    binary = os.environ.get("RELAIS_BINARY", ".build/debug/relais")
    folder = tempfile.mkdtemp(prefix="relais-fuzz-")
    process, url, log = start_server(binary, folder)
    status = 0
    try:
        for number in range(passes):
            token = sign_up(url)
            report = os.path.join(folder, f"report-{number}")
            command = ["st", "run", url + "/api/v1/openapi.json", "--url", url,
                       "--header", f"Authorization: Bearer {token}",
                       "--checks", "not_a_server_error,response_schema_conformance",
                       # Logging out would revoke the token mid-run; the realtime route is a WebSocket upgrade.
                       "--exclude-operation-id", "logout", "--exclude-path", "/api/v1/realtime",
                       "--report", "junit", "--report-dir", report, "--no-color"] + arguments
            print("running:", " ".join(c if not c.startswith("Authorization") else "Authorization: Bearer …" for c in command), flush=True)
            started = time.time()
            result = subprocess.run(command)
            print(f"pass {number + 1}/{passes}: exit {result.returncode} in {time.time() - started:.0f} s; report in {report}", flush=True)
            status = status or result.returncode
    finally:
        process.terminate()
        try:
            process.wait(timeout=60)
        except subprocess.TimeoutExpired:
            process.kill()
    if status == 0:
        shutil.rmtree(folder, ignore_errors=True)
    else:
        print("server log:", log, file=sys.stderr)
    return status


if __name__ == "__main__":
    sys.exit(main())
