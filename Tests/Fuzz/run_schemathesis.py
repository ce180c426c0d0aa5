#!/usr/bin/env python3
"""Schemathesis against a real `relais serve`: no 5xx, no response that breaks `openapi.json`.

Starts the server on free ports with its own embedded PostgreSQL in a temporary folder, signs up a company through
the API, then runs `st run` on `/api/v1/openapi.json` with that company's access token. Exits non-zero when
schemathesis finds a failure, when a request could not reach the server, when the server is not healthy after the
pass, or when it cannot start.

Schemathesis reports two kinds of problems: failures (a check such as "no 5xx" failed on one of our answers) and
errors (an exception). An error whose traceback is about the network is ours (the server dropped or refused a
connection) and fails the run; any other error is an exception inside schemathesis or hypothesis while generating
data (e.g. Python 3.11's "AST constructor recursion depth mismatch", "Inconsistent results" from hypothesis's
replay): it is printed with its operation and does not fail the run, because no request of ours was judged.

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
import xml.etree.ElementTree as ElementTree

NETWORK_MARKERS = ("ConnectionError", "Connection refused", "RemoteDisconnected", "ConnectionResetError",
                   "Read timed out", "ReadTimeout", "Network Error", "ProtocolError")


def judged(report):
    """(failures, our errors, tool errors) of a pass, each a list of operation names, from its JUnit report."""
    failures, ours, tool = [], [], []
    for name in os.listdir(report):
        if not name.endswith(".xml"):
            continue
        for case in ElementTree.parse(os.path.join(report, name)).getroot().iter("testcase"):
            for child in case:
                text = (child.attrib.get("message") or "") + (child.text or "")
                if child.tag == "failure":
                    failures.append(case.attrib.get("name", "?"))
                elif child.tag == "error":
                    (ours if any(marker in text for marker in NETWORK_MARKERS) else tool).append(case.attrib.get("name", "?"))
    return failures, ours, tool


def healthy(url):
    try:
        return urllib.request.urlopen(url + "/healthz", timeout=10).status == 200
    except Exception:
        return False


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
    # Run as root, the cluster runs as postgres: it must reach the folder, or the cluster is put in /var/tmp and stays.
    os.chmod(folder, 0o711)
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
            failures, ours, tool = judged(report) if os.path.isdir(report) else ([], [], [])
            alive = healthy(url)
            # Without a report (schemathesis could not run at all), its exit code decides.
            failed = bool(failures or ours) or not alive or (not os.path.isdir(report) and result.returncode != 0)
            print(f"pass {number + 1}/{passes}: exit {result.returncode} in {time.time() - started:.0f} s; "
                  f"{len(failures)} failures, {len(ours)} network errors, {len(tool)} errors inside schemathesis "
                  f"{sorted(set(tool))}; server healthy afterwards: {alive}; report in {report}", flush=True)
            status = status or (1 if failed else 0)
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
