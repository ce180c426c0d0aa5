#!/usr/bin/env python3
"""Smoke test of deploy/: two real `relais serve` nodes behind nginx (deploy/nginx/relais.conf) over HTTPS, a
standalone simulator whose signed webhooks come back through the proxy, one PostgreSQL; then the same with both
nodes' DATABASE_URL through PgBouncer in transaction-pooling mode. Each pass signs up, logs in, connects a number,
gets a template approved, imports contacts, launches a campaign, follows it over wss:// through the proxy, stops
the node that sends it and checks that the other one finishes it with nobody messaged twice.

Prints PASS/FAIL per check and `smoke: N passed, M failed`; exits non-zero on any failure.
"""
import json
import os
import signal
import sys
import tempfile
import time
import uuid

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from smoke_client import Client, ProgressWatcher, multipart  # noqa: E402
from smoke_files import check_files  # noqa: E402
from smoke_stack import Stack, remove  # noqa: E402

PORTS = {"http": 8150, "https": 8443, "postgres": 8160, "simulator": 8161, "pgbouncer": 6439}
NODE_PORTS = (8162, 8163)
RECIPIENTS = 300
THROUGHPUT = 20  # messages per second: Meta's COEXISTENCE level, so 300 recipients take about 15 s
FINAL = ("sent", "delivered", "read", "failed")
SECRETS = {
    "RELAIS_JWT_SECRET": "smoke-jwt-secret-" + uuid.uuid4().hex,
    "RELAIS_SUPPRESSION_KEY": "smoke-suppression-key-" + uuid.uuid4().hex,
    "RELAIS_MASTER_KEYS": "k1:" + __import__("base64").b64encode(os.urandom(32)).decode(),
    "RELAIS_WHATSAPP_APP_SECRET": "smoke-app-secret-" + uuid.uuid4().hex,
    "RELAIS_WEBHOOK_VERIFY_TOKEN": "smoke-verify-" + uuid.uuid4().hex,
}


class Results:
    def __init__(self):
        self.passed, self.failed = 0, 0

    def check(self, name, condition, detail=""):
        if condition:
            self.passed += 1
            print(f"PASS {name}", flush=True)
        else:
            self.failed += 1
            print(f"FAIL {name}{': ' + str(detail) if detail else ''}", flush=True)
        return condition


def wait_until(what, seconds, probe, interval=0.2):
    deadline = time.monotonic() + seconds
    last = None
    while time.monotonic() < deadline:
        last = probe()
        if last:
            return last
        time.sleep(interval)
    raise AssertionError(f"{what} not within {seconds} s (last: {last})")


def ledger(simulator, phone_number_id):
    return simulator.json("GET", f"/__sim/messages?phone_number_id={phone_number_id}&limit=10000")["data"]


def loop_starts(stack, node, number_id):
    """How many times `node` logged that it started the send loop of `number_id`."""
    count = 0
    for line in stack.log_lines(node):
        try:
            event = json.loads(line)
        except ValueError:
            continue
        if event.get("message") == "send loop started" and event.get("number.id", "").lower() == number_id.lower():
            count += 1
    return count


def company(proxy, simulator, results, tag):
    """Signs up and logs in through the proxy, connects a simulator number, gets a template approved, imports contacts."""
    email, password = f"smoke-{tag}-{uuid.uuid4().hex[:8]}@example.com", "smoke test password 1"
    signup = proxy.request("POST", "/api/v1/auth/signup", {"company": f"Smoke {tag}", "name": "Ana", "email": email, "password": password})
    results.check(f"{tag}: sign-up through the proxy (201)", signup.status == 201, signup)
    login = proxy.request("POST", "/api/v1/auth/login", {"email": email, "password": password})
    token = (login.json() or {}).get("access_token")
    results.check(f"{tag}: API login through the proxy", login.status == 200 and token, login)
    page = proxy.request("GET", "/login")
    csrf = next((part.split("=", 1)[1] for part in (page.header("set-cookie") or "").replace("\n", ";").split(";")
                 if part.strip().startswith("relais_csrf=")), "")
    form = proxy.request("POST", "/login", f"csrf_token={csrf}&email={email}&password={password.replace(' ', '+')}".encode(),
                         headers={"Content-Type": "application/x-www-form-urlencoded", "Cookie": f"relais_csrf={csrf}"})
    cookies = form.header("set-cookie") or ""
    results.check(f"{tag}: browser login sets Secure cookies behind TLS", form.status in (302, 303) and "Secure" in cookies, form)
    created = simulator.json("POST", "/__sim/numbers", {"throughput": THROUGHPUT}, expect=(200, 201))
    number = proxy.json("POST", "/api/v1/whatsapp/numbers", {"phone_number_id": created["phone_number_id"], "waba_id": created["waba_id"],
                                                            "access_token": created["access_token"]}, token, expect=(201,))
    results.check(f"{tag}: number connected (token checked against the simulator)", number.get("id"), number)
    template = proxy.json("POST", "/api/v1/templates", {
        "number_id": number["id"], "name": "smoke_promo", "category": "MARKETING", "language": "fr",
        "components": [{"type": "BODY", "text": "Bonjour {{1}}, profitez de {{2}} !"}]}, token, expect=(201,))
    wait_until("template approval", 30,
               lambda: proxy.json("GET", f"/api/v1/templates/{template['id']}", token=token).get("status") == "APPROVED")
    results.check(f"{tag}: template approved by a signed webhook through the proxy", True)
    csv = "first_name,phone\n" + "".join(f"Zoé{i},+3361{i:07d}\n" for i in range(RECIPIENTS))
    body, content_type = multipart({"consent": "opted_in", "consent_source": "smoke test", "default_country": "FR"},
                                   "file", "contacts.csv", csv.encode())
    upload = proxy.request("POST", "/api/v1/contacts/imports", body, token, headers={"Content-Type": content_type})
    results.check(f"{tag}: import accepted through the proxy (202)", upload.status == 202, upload)
    report = wait_until("import", 60, lambda: (lambda r: r if r.get("state") in ("completed", "failed") else None)(
        proxy.json("GET", f"/api/v1/contacts/imports/{upload.json()['id']}", token=token)))
    results.check(f"{tag}: {RECIPIENTS} contacts imported", report.get("created") == RECIPIENTS, report)
    return token, number, created["phone_number_id"]


def run_pass(stack, mode, results, cafile, simulator):
    tag = mode
    names = (f"node1-{mode}", f"node2-{mode}")
    database = stack.url("relais_app", stack.ports["pgbouncer"] if mode == "pgbouncer" else None)
    env = dict(SECRETS, DATABASE_URL=database, RELAIS_SANDBOX="false", RELAIS_GRAPH_BASE_URL=f"http://127.0.0.1:{PORTS['simulator']}",
               RELAIS_HOST="127.0.0.1", RELAIS_TRUST_PROXY="true", RELAIS_SECURE_COOKIES="true",
               RELAIS_PUBLIC_URL=f"https://127.0.0.1:{PORTS['https']}", RELAIS_UPLOAD_DIR=stack.path("uploads"),
               RELAIS_LOG_LEVEL="info", RELAIS_DB_POOL_SIZE="8", RELAIS_DISPATCH_POLL_MS="200", RELAIS_UNCERTAIN_GRACE="20",
               RELAIS_BCRYPT_COST="8", RELAIS_AUTH_RATE_LIMIT="600")
    # RELAIS_SMOKE_NO_DIRECT=1 shows what the direct URL prevents: LISTEN and the locks through PgBouncer.
    if mode == "pgbouncer" and not os.environ.get("RELAIS_SMOKE_NO_DIRECT"):
        env["RELAIS_DIRECT_DATABASE_URL"] = stack.url("relais_app")
    if mode == "pgbouncer":
        before = stack.pgbouncer_transactions()
    for name, port in zip(names, NODE_PORTS):
        stack.start_node(name, port, env)
    proxy = Client("https", "127.0.0.1", PORTS["https"], cafile)
    wait_until("nginx to reach the nodes", 20, lambda: proxy.request("GET", "/readyz").status == 200)
    results.check(f"{tag}: both nodes ready behind nginx", True)
    if mode == "direct":
        static_proxy_checks(stack, results)
    token, number, phone_number_id = company(proxy, simulator, results, tag)
    statuses = [proxy.request("GET", "/api/v1/me", token=token).status for _ in range(20)]
    results.check(f"{tag}: 20 authenticated requests in a row", statuses == [200] * 20, statuses)

    campaign = proxy.json("POST", "/api/v1/campaigns", {
        "name": f"Smoke {tag}", "number_id": number["id"], "template": {"name": "smoke_promo", "language": "fr"},
        "variables": {"body": ["{first_name|client}", "-20 %"]}, "audience": {"tags_any": []}}, token, expect=(201,))
    watcher = ProgressWatcher("127.0.0.1", PORTS["https"], token, campaign["id"], cafile)
    watcher.start()
    wait_until("the WebSocket subscription", 15, lambda: watcher.subscribed > 0)
    launch = proxy.json("POST", f"/api/v1/campaigns/{campaign['id']}/launch", token=token, expect=(200, 202))
    results.check(f"{tag}: campaign launched to {RECIPIENTS}", launch.get("queued") == RECIPIENTS, launch)

    owner = wait_until("a node to start the number's send loop", 20,
                       lambda: next((n for n in names if loop_starts(stack, n, number["id"])), None))
    survivor = names[1] if owner == names[0] else names[0]
    wait_until("a fifth of the campaign sent", 30, lambda: len(ledger(simulator, phone_number_id)) >= RECIPIENTS // 5)
    sig = signal.SIGKILL if mode == "direct" else signal.SIGTERM
    took = stack.stop(owner, sig)
    sent_before = len(ledger(simulator, phone_number_id))
    results.check(f"{tag}: {signal.Signals(sig).name} to the sending node ({owner}) after {sent_before} sends", took is not None)
    wait_until("the other node to take the number over", 30, lambda: loop_starts(stack, survivor, number["id"]) > 0)
    results.check(f"{tag}: {survivor} took the number's send loop over", True)

    stats = wait_until("campaign completion", 120, lambda: (lambda s: s if s.get("state") == "completed" else None)(
        proxy.json("GET", f"/api/v1/campaigns/{campaign['id']}/stats", token=token)), interval=0.5)
    final = sum(stats["by_status"].get(status, 0) for status in FINAL)
    results.check(f"{tag}: campaign completed, every recipient final", final == RECIPIENTS, stats)
    entries = ledger(simulator, phone_number_id)
    recipients = {entry["to"] for entry in entries}
    results.check(f"{tag}: simulator ledger: {len(entries)} accepted, {len(recipients)} recipients, no duplicate",
                  len(entries) == len(recipients) == RECIPIENTS, f"{len(entries)} entries for {len(recipients)} recipients")
    applied = wait_until("status webhooks applied", 60, lambda: (lambda s: s if s["by_status"].get("delivered", 0) + s["by_status"].get("read", 0) > 0 else None)(
        proxy.json("GET", f"/api/v1/campaigns/{campaign['id']}/stats", token=token)))
    results.check(f"{tag}: delivery statuses applied from signed webhooks through the proxy", True, applied["by_status"])
    time.sleep(1)
    watcher.stop()
    states = [message.get("state") for message in watcher.messages]
    refused = [error for error in watcher.errors if "handshake" in error]
    results.check(f"{tag}: every WebSocket handshake through the proxy upgraded (101)", not refused, refused)
    results.check(f"{tag}: {len(watcher.messages)} progress messages over wss:// through the proxy ({watcher.connections} connection(s))",
                  len(watcher.messages) >= 3 and "completed" in states, f"states {states[-5:]}, errors {watcher.errors[-3:]}")
    if mode == "pgbouncer":
        through = stack.pgbouncer_transactions() - before
        results.check(f"{tag}: {through} transactions went through PgBouncer", through > 100, through)
    metrics = Client("http", "127.0.0.1", NODE_PORTS[names.index(survivor)]).request("GET", "/metrics")
    results.check(f"{tag}: {survivor} /metrics counts processed webhooks", metrics.status == 200 and b'state="processed"' in metrics.body)
    took = stack.stop(survivor, signal.SIGTERM)
    results.check(f"{tag}: SIGTERM stops {survivor} within 10 s", took is not None and took < 10, took)


def static_proxy_checks(stack, results):
    proxy = Client("https", "127.0.0.1", PORTS["https"], stack.path("certs", "fullchain.pem"))
    plain = Client("http", "127.0.0.1", PORTS["http"])
    redirect = plain.request("GET", "/login?x=1")
    results.check("nginx: HTTP redirects to HTTPS", redirect.status == 301 and (redirect.header("location") or "").startswith("https://"), redirect.headers)
    css = proxy.request("GET", "/assets/app.css", headers={"Accept-Encoding": "gzip"})
    results.check("nginx: CSS gzipped", css.status == 200 and css.header("content-encoding") == "gzip", css.headers)
    page = proxy.request("GET", "/login", headers={"Accept-Encoding": "gzip"})
    results.check("nginx: HTML gzipped", page.header("content-encoding") == "gzip", page.headers)
    results.check("nginx: /metrics not exposed publicly", proxy.request("GET", "/metrics").status == 404)
    big = proxy.request("POST", "/api/v1/contacts", b"x" * (2 << 20), headers={"Content-Type": "application/json"})
    results.check("nginx: bodies over RELAIS_MAX_BODY_BYTES refused (413)", big.status == 413, big.status)
    hsts = proxy.request("GET", "/healthz").header("strict-transport-security")
    results.check("Relais sends HSTS behind the TLS proxy", bool(hsts), hsts)


def main():
    binary = os.environ.get("RELAIS_BINARY", "/var/tmp/relais-ci-build/debug/relais")
    if not os.access(binary, os.X_OK):
        print(f"FAIL relais binary not found at {binary}\nsmoke: 0 passed, 1 failed")
        return 1
    # SIGTERM (timeout, CI, the shell's trap) unwinds like an exception, so `finally` stops everything.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(1))
    root = tempfile.mkdtemp(prefix="relais-smoke-")
    stack, results = Stack(root, PORTS, binary), Results()
    started = time.monotonic()
    try:
        check_files(results)
        cafile = stack.make_certificate()
        stack.start_postgres()
        stack.migrate()
        os.makedirs(stack.path("uploads"))
        stack.nginx_config(NODE_PORTS)
        ok, output = stack.nginx_test()
        if not results.check("nginx -t accepts deploy/nginx/relais.conf", ok, output):
            return 1
        stack.start_nginx()
        stack.start_simulator(SECRETS["RELAIS_WHATSAPP_APP_SECRET"], cafile)
        simulator = Client("http", "127.0.0.1", PORTS["simulator"])
        stack.start_pgbouncer()
        for mode in ("direct", "pgbouncer"):
            try:
                run_pass(stack, mode, results, cafile, simulator)
            except Exception as error:  # a broken step ends its pass, counted, with the reason
                results.check(f"{mode}: pass ran to the end", False, f"{type(error).__name__}: {error}")
                for name in (f"node1-{mode}", f"node2-{mode}"):
                    print(f"--- last lines of {name}.log", *stack.log_lines(name)[-5:], sep="\n")
                for name in (f"node1-{mode}", f"node2-{mode}"):
                    stack.stop(name, signal.SIGKILL)
        contents = stack.backup_once()
        results.check("deploy/backup/backup.sh dumps the database (pg_restore lists outbound_messages data)",
                      "TABLE DATA public outbound_messages" in contents, contents[-300:])
    except Exception as error:
        results.check("smoke stack started", False, f"{type(error).__name__}: {error}")
    finally:
        stack.close()
        if os.environ.get("RELAIS_SMOKE_KEEP"):
            print(f"kept {root}")
        else:
            remove(root)
    print(f"smoke runtime: {time.monotonic() - started:.0f} s")
    print(f"smoke: {results.passed} passed, {results.failed} failed")
    return 0 if results.failed == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
