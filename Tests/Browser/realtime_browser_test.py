"""The live progress module (/assets/realtime.js) in a real Chromium, under the pages' real CSP.

The company, its sandbox number, template, contacts and campaign are set up through the API (that is not what is
tested here); the browser signs in with the form, so its WebSocket is authenticated by the session cookie alone.
"""
import json
import time
import urllib.error
import urllib.request
import uuid

from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import WebDriverWait

RECIPIENTS = 3


def api(server, method, path, token=None, body=None):
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(server.url + path, method=method, data=data)
    request.add_header("Content-Type", "application/json")
    if token:
        request.add_header("Authorization", "Bearer " + token)
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, json.loads(response.read() or b"null")
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read() or b"null")


def ready_campaign(server, email, password):
    """A company ready to send one campaign to RECIPIENTS opted-in contacts; returns the token and the campaign id."""
    status, signed = api(server, "POST", "/api/v1/auth/signup",
                         body={"company": "Fleuriste Live", "name": "Inès", "email": email, "password": password})
    assert status == 201, signed
    token = signed["access_token"]
    status, number = api(server, "POST", "/api/v1/whatsapp/numbers/sandbox", token)
    assert status in (200, 201), number
    status, template = api(server, "POST", "/api/v1/templates", token, {
        "number_id": number["id"], "name": "live_promo", "category": "MARKETING", "language": "fr",
        "components": [{"type": "BODY", "text": "Bonjour {{1}}, profitez de {{2}} !"}]})
    assert status == 201, template
    deadline = time.time() + 15
    while api(server, "GET", f"/api/v1/templates/{template['id']}", token)[1].get("status") != "APPROVED":
        assert time.time() < deadline, "the template was not approved"
        time.sleep(0.2)
    for i in range(RECIPIENTS):
        status, contact = api(server, "POST", "/api/v1/contacts", token,
                              {"name": f"Client {i}", "phone": f"+3361234560{i}", "consent": "opted_in"})
        assert status == 201, contact
    status, campaign = api(server, "POST", "/api/v1/campaigns", token, {
        "name": "Live", "number_id": number["id"], "template": {"name": "live_promo", "language": "fr"},
        "variables": {"body": ["{first_name|client}", "-20 %"]}, "audience": {"tags_any": []}})
    assert status == 201, campaign
    return token, campaign["id"]


def updates(flow):
    return flow.driver.execute_script("return window.relaisUpdates || []")


def test_live_progress_module(flow):
    email, password = f"ines-{uuid.uuid4().hex[:8]}@example.com", "a long enough password"
    token, campaign = ready_campaign(flow.server, email, password)

    flow.driver.delete_all_cookies()
    flow.open("/login")
    flow.fill("email", email)
    flow.fill("password", password)
    flow.submit()
    flow.wait.until(EC.url_to_be(flow.server.url + "/"))
    # The page's own CSP applies: the module must load from /assets and its socket must be allowed by connect-src.
    loaded = flow.driver.execute_async_script("""
        const [id, done] = arguments;
        import('/assets/realtime.js').then((module) => {
            window.relaisUpdates = [];
            window.relaisStop = module.subscribeProgress(id, (stats) => window.relaisUpdates.push(stats));
            done(true);
        }, (error) => done(String(error)));
    """, campaign)
    assert loaded is True, loaded
    time.sleep(1)  # the socket opens and subscribes
    status, launched = api(flow.server, "POST", f"/api/v1/campaigns/{campaign}/launch", token)
    assert status == 202, launched

    def finished(_):
        return any(u.get("run_state") == "completed" and u.get("recipients") == RECIPIENTS for u in updates(flow))
    WebDriverWait(flow.driver, 60).until(finished)
    received = updates(flow)
    assert all(u["type"] == "campaign.progress" and u["campaign_id"].lower() == campaign.lower() for u in received), received
    assert all(u["run_state"] is not None for u in received), "every update came over the socket, none by polling"
    flow.shot("11-live-progress")

    # Without a socket (here: a WebSocket that always fails), the module polls /stats instead.
    flow.driver.execute_script("""
        window.relaisStop();
        window.relaisUpdates = [];
        window.WebSocket = class { constructor() {} addEventListener(type, listener) { if (type === 'close') setTimeout(listener, 10); } };
        import('/assets/realtime.js').then((module) => module.subscribeProgress(arguments[0], (s) => window.relaisUpdates.push(s)));
    """, campaign)
    WebDriverWait(flow.driver, 15).until(lambda _: any(u.get("state") == "completed" for u in updates(flow)))
    polled = updates(flow)[-1]
    assert polled["run_state"] is None and polled["recipients"] == RECIPIENTS, polled
