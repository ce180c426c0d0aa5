#!/usr/bin/env python3
"""Browser tests: a real headless Chromium (Debian's chromium + chromium-driver, driven by
selenium) against a real `relais serve` with its own embedded PostgreSQL in a temporary folder.

Run by .ci/run after `swift test`. RELAIS_BINARY points at the built executable.
Screenshots land in $RELAIS_SCREENSHOTS (default: a temporary folder) for a human to look at.
"""
import json
import os
import re
import shutil
import signal
import socket
import struct
import subprocess
import sys
import tempfile
import time
import traceback
import urllib.error
import urllib.request
import uuid
import zlib

from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.common.exceptions import StaleElementReferenceException
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import Select, WebDriverWait

from realtime_browser_test import test_live_progress_module


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    """`relais serve` on a free port with a private data folder; stopped with SIGTERM (which also stops its cluster)."""

    def __init__(self, binary):
        self.folder = tempfile.mkdtemp(prefix="relais-browser-")
        # Run as root, the cluster runs as postgres: it must reach the folder, or the cluster is put in /var/tmp.
        os.chmod(self.folder, 0o711)
        self.port = free_port()
        env = dict(os.environ, RELAIS_DATA_DIR=os.path.join(self.folder, "data"), RELAIS_PORT=str(self.port),
                   RELAIS_BCRYPT_COST="4", RELAIS_LOG_LEVEL="warning")
        env.pop("DATABASE_URL", None)
        self.log = open(os.path.join(self.folder, "server.log"), "w")
        self.process = subprocess.Popen([binary, "serve"], env=env, stdout=self.log, stderr=subprocess.STDOUT)
        self.url = f"http://127.0.0.1:{self.port}"
        deadline = time.time() + 120
        while time.time() < deadline:
            try:
                if urllib.request.urlopen(self.url + "/readyz", timeout=2).status == 200:
                    return
            except Exception:
                time.sleep(0.3)
        self.stop()
        raise RuntimeError("relais did not become ready; see " + self.log.name)

    def stop(self):
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.process.kill()
        # The server log stays for a failing run; the database goes.
        shutil.rmtree(os.path.join(self.folder, "data"), ignore_errors=True)


def make_driver():
    options = webdriver.ChromeOptions()
    for argument in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1280,900", "--lang=en-US"):
        options.add_argument(argument)
    options.binary_location = "/usr/bin/chromium"
    return webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)


class Flow:
    def __init__(self, server, driver, shots):
        self.server, self.driver, self.shots = server, driver, shots
        # A page being replaced makes elements stale for a moment: waits retry instead of failing.
        self.wait = WebDriverWait(driver, 15, ignored_exceptions=[StaleElementReferenceException])

    def open(self, path):
        self.driver.get(self.server.url + path)

    def fill(self, field_id, value):
        element = self.driver.find_element(By.ID, field_id)
        element.clear()
        element.send_keys(value)

    def submit(self, form_selector="main form button[type=submit]"):
        self.driver.find_element(By.CSS_SELECTOR, form_selector).click()

    def shot(self, name):
        self.driver.save_screenshot(os.path.join(self.shots, name + ".png"))

    def text(self):
        return self.driver.find_element(By.TAG_NAME, "body").text

    def wait_text(self, fragment):
        """Waits until the page (after any navigation in progress) shows `fragment`."""
        def shown(driver):
            try:
                return fragment in driver.find_element(By.TAG_NAME, "body").text
            except StaleElementReferenceException:
                return False
        self.wait.until(shown)


def test_signup_login_invite_logout(flow):
    email = f"ana-{uuid.uuid4().hex[:8]}@example.com"
    flow.open("/signup")
    flow.shot("01-signup")
    flow.fill("company", "Boulangerie <Zoé>")
    flow.fill("name", "Ana Martin")
    flow.fill("email", email)
    flow.fill("password", "short")
    flow.submit()
    flow.wait_text("at least 10 characters")  # the inline error for a short password
    flow.fill("password", "a long enough password")
    flow.submit()
    flow.wait.until(EC.url_to_be(flow.server.url + "/"))
    flow.wait_text("Boulangerie <Zoé>")  # the company name, escaped rather than interpreted
    flow.shot("02-dashboard")

    # Log out through the user menu, then log in again.
    flow.driver.find_element(By.CSS_SELECTOR, ".user-menu summary").click()
    flow.driver.find_element(By.CSS_SELECTOR, "[data-testid=logout]").click()
    flow.wait.until(EC.url_contains("/login"))
    flow.fill("email", email)
    flow.fill("password", "a long enough password")
    flow.submit()
    flow.wait.until(EC.url_to_be(flow.server.url + "/"))

    # Invite a manager from the Team page and read the one-time link.
    flow.open("/settings/team")
    flow.fill("invite-name", "Paul Durand")
    flow.fill("invite-email", f"paul-{uuid.uuid4().hex[:8]}@example.com")
    Select(flow.driver.find_element(By.ID, "invite-role")).select_by_value("manager")
    flow.driver.find_element(By.CSS_SELECTOR, "form[action='/settings/team/invite'] button").click()
    link = flow.wait.until(EC.presence_of_element_located((By.CSS_SELECTOR, "[data-testid=invitation-link]"))).get_attribute("value")
    assert "/invite/iv." in link
    assert len(flow.driver.find_elements(By.CSS_SELECTOR, "[data-testid=member-row]")) == 2
    flow.shot("03-team")

    flow.driver.find_element(By.CSS_SELECTOR, ".user-menu summary").click()
    flow.driver.find_element(By.CSS_SELECTOR, "[data-testid=logout]").click()
    flow.wait.until(EC.url_contains("/login"))
    flow.open("/")
    assert flow.driver.current_url.endswith("/login"), "signed out: the dashboard sends back to login"

    # The invited manager sets a password and lands on the dashboard.
    flow.driver.get(link)
    flow.fill("password", "paul's own password")
    flow.submit()
    flow.wait.until(EC.url_to_be(flow.server.url + "/"))
    assert "Paul" in flow.text()


def test_sandbox_number_and_template(flow):
    email = f"zoe-{uuid.uuid4().hex[:8]}@example.com"
    flow.driver.delete_all_cookies()
    flow.open("/signup")
    flow.fill("company", "Café Zoé")
    flow.fill("name", "Zoé Martin")
    flow.fill("email", email)
    flow.fill("password", "a long enough password")
    flow.submit()
    flow.wait.until(EC.url_to_be(flow.server.url + "/"))

    flow.open("/settings/numbers")
    flow.driver.find_element(By.CSS_SELECTOR, "[data-testid=create-sandbox-number]").click()
    flow.wait.until(EC.presence_of_element_located((By.CSS_SELECTOR, "[data-testid=number-row]")))
    assert "Sandbox" in flow.text()
    flow.shot("05-numbers")

    flow.open("/templates/new")
    flow.fill("name", "spring_sale")
    flow.fill("header", "Soldes de printemps")
    flow.fill("body", "Bonjour {{1}}, profitez de -20 % avec le code {{2}} jusqu'à dimanche !")
    flow.fill("footer", "Répondez STOP pour vous désinscrire")
    flow.driver.find_element(By.NAME, "quick_reply_1").send_keys("Stop promotions")
    preview = flow.driver.find_element(By.CSS_SELECTOR, "[data-preview-target=body]")
    assert [m.text for m in preview.find_elements(By.TAG_NAME, "mark")] == ["{{1}}", "{{2}}"], "variables highlighted live"
    assert flow.driver.find_element(By.CSS_SELECTOR, "[data-preview-target=buttons]").text == "Stop promotions"
    flow.shot("06-template-composer")
    flow.driver.find_element(By.CSS_SELECTOR, "#template-form button[type=submit]").click()
    flow.wait.until(EC.url_to_be(flow.server.url + "/templates"))
    # The simulator approves it about a second later, by a signed webhook.
    deadline = time.time() + 15
    while time.time() < deadline:
        flow.open("/templates")
        status = flow.driver.find_element(By.CSS_SELECTOR, "[data-testid=template-status]").text
        if status == "Approved":
            break
        time.sleep(0.5)
    assert status == "Approved", f"template status is {status}"
    flow.shot("07-templates")


def test_french_interface(flow):
    flow.driver.delete_all_cookies()
    flow.open("/login")
    flow.driver.find_element(By.CSS_SELECTOR, ".auth-language button").click()
    flow.wait_text("Se connecter")
    flow.wait.until(lambda d: d.find_element(By.TAG_NAME, "html").get_attribute("lang") == "fr")
    flow.shot("04-login-fr")


def test_contacts_import_wizard(flow):
    flow.driver.delete_all_cookies()
    flow.open("/signup")
    flow.fill("company", "Salon Dakar")
    flow.fill("name", "Awa Diop")
    flow.fill("email", f"awa-{uuid.uuid4().hex[:8]}@example.com")
    flow.fill("password", "a long enough password")
    flow.submit()
    flow.wait.until(EC.url_to_be(flow.server.url + "/"))

    flow.open("/contacts")
    assert flow.driver.find_elements(By.CSS_SELECTOR, "[data-testid=contacts-empty]"), "empty state"
    assert "Import your first contacts" in flow.text()
    flow.shot("05-contacts-empty")

    # Upload → preview with the guessed mapping → options → live progress → report.
    folder = tempfile.mkdtemp(prefix="relais-import-")
    path = os.path.join(folder, "salon.csv")
    with open(path, "w", encoding="utf-8") as file:
        file.write("Prénom;Nom;Téléphone;Ville;Tags\n")
        file.write("Awa;Diop;06 12 34 56 78;Paris;vip\n")
        file.write("Léa;Martin;+33 6 12-34-56-79;Lyon;vip,salon\n")
        file.write("Moussa;Sow;0033612345678;Dakar;\n")
        file.write("Bad;Number;06 12;Nice;\n")
    flow.open("/contacts/import")
    flow.shot("06-import-upload")
    flow.driver.find_element(By.ID, "import-file").send_keys(path)
    flow.submit()
    flow.wait.until(EC.presence_of_element_located((By.CSS_SELECTOR, "[data-testid=import-preview]")))
    assert Select(flow.driver.find_element(By.ID, "map-2")).first_selected_option.get_attribute("value") == "phone"
    flow.fill("import-tags", "salon-2026")
    flow.shot("07-import-preview")
    flow.driver.find_element(By.CSS_SELECTOR, "[data-testid=start-import]").click()
    WebDriverWait(flow.driver, 60, ignored_exceptions=[StaleElementReferenceException]).until(lambda d: "Completed" in d.find_element(By.TAG_NAME, "body").text)
    body = flow.text()
    assert "Rejected rows" in body and "too short" in body, "report with the rejected row"
    flow.shot("08-import-report")

    flow.open("/contacts")
    rows = flow.driver.find_elements(By.CSS_SELECTOR, "[data-testid=contact-row]")
    assert len(rows) == 2, f"two contacts (one duplicate, one rejected), got {len(rows)}"
    flow.shot("09-contacts-list")
    rows[0].find_element(By.TAG_NAME, "a").click()
    flow.wait.until(EC.presence_of_element_located((By.CSS_SELECTOR, "[data-testid=consent-status]")))
    flow.shot("10-contact")


def api(flow, method, path, body=None, token=None):
    """One JSON API call (setup the test is not about); answers (status, parsed body)."""
    request = urllib.request.Request(flow.server.url + path, method=method,
                                     data=None if body is None else json.dumps(body).encode())
    request.add_header("Content-Type", "application/json")
    request.add_header("Accept", "application/json")
    if token:
        request.add_header("Authorization", "Bearer " + token)
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, json.loads(response.read() or b"{}")
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read() or b"{}")


def stat(flow, key):
    """A counter of the campaign page as a number (whatever the language's digit grouping)."""
    return int(re.sub(r"\D", "", flow.driver.find_element(By.CSS_SELECTOR, f"[data-stat={key}]").text) or 0)


def test_campaign_compose_launch_and_watch(flow):
    # Setup through the API: a company with a sandbox number, an approved template and eight opted-in contacts.
    email, password = f"lea-{uuid.uuid4().hex[:8]}@example.com", "a long enough password"
    status, signup = api(flow, "POST", "/api/v1/auth/signup",
                         {"company": "Fleurs de Léa", "name": "Léa Martin", "email": email, "password": password})
    assert status == 201, signup
    token = signup["access_token"]
    status, number = api(flow, "POST", "/api/v1/whatsapp/numbers/sandbox", token=token)
    assert status == 201, number
    status, template = api(flow, "POST", "/api/v1/templates", {
        "number_id": number["id"], "name": "offre_printemps", "category": "MARKETING", "language": "fr",
        "components": [{"type": "HEADER", "format": "TEXT", "text": "Printemps chez Léa"},
                       {"type": "BODY", "text": "Bonjour {{1}}, profitez de {{2}} sur tous nos bouquets !"},
                       {"type": "FOOTER", "text": "Répondez STOP pour vous désinscrire"}]}, token)
    assert status == 201, template
    deadline = time.time() + 20
    while api(flow, "GET", f"/api/v1/templates/{template['id']}", token=token)[1].get("status") != "APPROVED":
        assert time.time() < deadline, "the template was not approved"
        time.sleep(0.3)
    for i in range(8):
        body = {"name": f"Contact {i}", "phone": f"+3361234560{i}", "consent": "opted_in", "consent_source": "browser test"}
        if i != 3:
            body["first_name"] = ["Awa", "Léa", "Moussa", "", "Inès", "Hugo", "Chloé", "Yanis"][i]
        status, created = api(flow, "POST", "/api/v1/contacts", body, token)
        assert status == 201, created

    flow.driver.delete_all_cookies()
    flow.open("/login")
    flow.fill("email", email)
    flow.fill("password", password)
    flow.submit()
    flow.wait.until(EC.url_to_be(flow.server.url + "/"))
    flow.open("/campaigns")
    assert "Create your first campaign" in flow.text()
    flow.shot("11-campaigns-empty")
    flow.driver.find_element(By.CSS_SELECTOR, "[data-testid=new-campaign]").click()
    flow.wait.until(EC.url_contains("/campaigns/new"))
    # The composer's module loads after the page: its menus appear once it runs.
    flow.wait.until(EC.visibility_of_element_located((By.CSS_SELECTOR, "[data-param-tools]")))
    flow.fill("name", "Printemps <Léa>")

    # First parameter with the keyboard only: the field menu inserts {first_name}, then a fallback is typed in.
    first = flow.driver.find_element(By.ID, "variables-body-0")
    first.click()
    first.send_keys(Keys.TAB)
    active = flow.driver.switch_to.active_element
    assert active.tag_name == "summary", "the insert menu follows the input"
    active.send_keys(Keys.ENTER)
    flow.wait.until(lambda d: d.switch_to.active_element.get_attribute("data-insert") == "{first_name}")
    flow.driver.switch_to.active_element.send_keys(Keys.ENTER)
    flow.wait.until(lambda d: first.get_attribute("value") == "{first_name}")
    first.send_keys(Keys.END, Keys.LEFT, "|client")
    assert first.get_attribute("value") == "{first_name|client}"
    # Second parameter: typed text and an emoji from our picker.
    second = flow.driver.find_element(By.ID, "variables-body-1")
    second.send_keys("-20 % ")
    second.find_element(By.XPATH, "./following-sibling::div//details[@data-emoji-picker]/summary").click()
    flow.driver.find_element(By.CSS_SELECTOR, "details[data-emoji-picker][open] button[data-insert='🎉']").click()
    assert second.get_attribute("value") == "-20 % 🎉"

    body = flow.driver.find_element(By.CSS_SELECTOR, "[data-bubble-body]")
    flow.wait.until(lambda d: body.text.startswith("Bonjour client, profitez de -20 % 🎉"))
    assert [m.text for m in body.find_elements(By.CSS_SELECTOR, "mark.var-fallback")] == ["client"], "the fallback is marked"
    assert "/ 1,024 characters" in flow.driver.find_element(By.CSS_SELECTOR, "[data-length]").text
    flow.shot("12-campaign-composer")
    flow.driver.find_element(By.CSS_SELECTOR, "[data-testid=save-campaign]").click()
    flow.wait.until(EC.presence_of_element_located((By.CSS_SELECTOR, "[data-campaign-live]")))
    flow.wait_text("Campaign saved.")
    assert "Printemps <Léa>" in flow.text(), "the name is shown as text"
    assert "8 recipients if sent now" in flow.text()
    preview = flow.driver.find_element(By.CSS_SELECTOR, "[data-bubble-body]").text
    assert preview.startswith("Bonjour ") and "{{" not in preview, preview
    flow.shot("13-campaign-draft")

    flow.driver.find_element(By.CSS_SELECTOR, "[data-testid=launch]").click()
    alert = flow.wait.until(EC.alert_is_present())
    assert "8 recipients" in alert.text, alert.text
    alert.accept()
    flow.wait_text("Campaign launched: 8 messages queued.")
    # From here the page must not reload: the marker would vanish.
    flow.driver.execute_script("window.relaisMarker = 'still here'")
    WebDriverWait(flow.driver, 90, ignored_exceptions=[StaleElementReferenceException]).until(
        lambda d: d.find_element(By.CSS_SELECTOR, "[data-testid=campaign-state]").text == "Completed" and stat(flow, "delivered") > 0)
    WebDriverWait(flow.driver, 90).until(lambda d: stat(flow, "read") > 0)
    assert flow.driver.execute_script("return window.relaisMarker") == "still here", "counters moved without a reload"
    assert stat(flow, "sent") + stat(flow, "failed") == 8
    assert flow.driver.find_element(By.CSS_SELECTOR, "[data-testid=launch]").find_element(By.XPATH, "./..").get_attribute("hidden") is not None
    flow.shot("14-campaign-completed")

    # The same pages in French.
    flow.driver.find_element(By.CSS_SELECTOR, "form[action='/language'] button").click()
    flow.wait_text("Destinataires")
    assert "Terminée" in flow.text() and "Délivrés" in flow.text()
    flow.shot("15-campaign-fr")
    flow.open("/campaigns/new")
    flow.wait.until(lambda d: d.find_element(By.CSS_SELECTOR, "[data-bubble-body]").text.startswith("Bonjour"))
    flow.shot("16-campaign-composer-fr")
    flow.open("/campaigns")
    assert "Terminée" in flow.text()
    flow.shot("17-campaigns-fr")


def test_campaign_ab_tabs(flow):
    """An A/B test through the composer's tabs: keyboard between tabs, each variant's own inputs, the preview of
    the open tab, and the variants on the campaign page. (The session is still in French from the flow before.)"""
    flow.open("/campaigns/new")
    flow.wait.until(EC.visibility_of_element_located((By.CSS_SELECTOR, "[data-param-tools]")))
    flow.fill("name", "Printemps A/B")
    assert not flow.driver.find_element(By.ID, "variants-0-template").is_displayed(), "the variants wait for the box"
    flow.driver.find_element(By.ID, "ab-enabled").click()
    assert not flow.driver.find_element(By.ID, "template").is_displayed(), "variant A replaces the single message"
    tab_a = flow.driver.find_element(By.ID, "variant-tab-0")
    assert tab_a.is_displayed() and tab_a.get_attribute("aria-selected") == "true"
    for index, discount in ((0, "-20 %"), (1, "-30 %")):
        if index:
            flow.driver.find_element(By.ID, "variant-tab-0").send_keys(Keys.ARROW_RIGHT)
            flow.wait.until(lambda d: d.switch_to.active_element.get_attribute("id") == "variant-tab-1")
            assert not flow.driver.find_element(By.ID, "variant-0").is_displayed() and flow.driver.find_element(By.ID, "variant-1").is_displayed()
        flow.fill(f"variants-{index}-variables-body-0", "{first_name|client}")
        flow.fill(f"variants-{index}-variables-body-1", discount)
        body = flow.driver.find_element(By.CSS_SELECTOR, "[data-bubble-body]")
        flow.wait.until(lambda d: discount in body.text)
    flow.shot("18-campaign-ab-composer")
    flow.driver.find_element(By.CSS_SELECTOR, "[data-testid=save-campaign]").click()
    flow.wait.until(EC.presence_of_element_located((By.CSS_SELECTOR, "[data-testid=ab-results]")))
    rows = flow.driver.find_elements(By.CSS_SELECTOR, "[data-testid=ab-variant]")
    assert len(rows) == 2 and "-30 %" in rows[1].text, [r.text for r in rows]
    flow.shot("19-campaign-ab-page")


def test_analytics_pages(flow):
    """After the sandbox campaign: the dashboard (light and dark, by prefers-color-scheme emulation) and the campaign
    report, each chart an SVG with its table on demand; screenshots with the others, for a human to look at."""
    flow.driver.add_cookie({"name": "relais_lang", "value": "en", "path": "/"})
    flow.driver.set_window_size(1280, 2600)
    try:
        flow.open("/?period=7d")
        flow.wait_text("Messages per day")
        sent = flow.driver.find_element(By.CSS_SELECTOR, "[data-figure=sent] .figure-value").text
        assert int(re.sub(r"\D", "", sent)) > 0, f"sent is {sent}"
        for chart in ("chart-per-day", "chart-funnel", "chart-heat", "chart-failures", "chart-opt-outs"):
            figure = flow.driver.find_element(By.CSS_SELECTOR, f"[data-testid={chart}]")
            assert figure.find_element(By.CSS_SELECTOR, "svg[role=img] title").get_attribute("textContent"), chart
            assert not figure.find_element(By.TAG_NAME, "table").is_displayed(), f"{chart} table hidden until asked"
        flow.driver.find_element(By.CSS_SELECTOR, "[data-testid=chart-per-day] summary").click()
        assert flow.driver.find_element(By.CSS_SELECTOR, "[data-testid=chart-per-day] table").is_displayed()
        flow.shot("20-dashboard-light")
        flow.driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {"features": [{"name": "prefers-color-scheme", "value": "dark"}]})
        flow.open("/?period=7d")
        flow.wait_text("Messages per day")
        flow.shot("21-dashboard-dark")
        flow.driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {"features": [{"name": "prefers-color-scheme", "value": "light"}]})
        flow.driver.find_element(By.CSS_SELECTOR, "[data-testid=top-campaigns] a").click()
        flow.wait.until(EC.url_contains("/report"))
        flow.wait_text("Sends and reads")
        assert flow.driver.find_element(By.CSS_SELECTOR, "[data-testid=report-funnel] svg[role=img]")
        flow.shot("22-campaign-report")
    finally:
        flow.driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {"features": []})
        flow.driver.set_window_size(1280, 900)


def png(width, height):
    """A real PNG of a gradient, written with zlib (no imaging library needed)."""
    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
    rows = b"".join(b"\x00" + b"".join(bytes((37 + x, 99, 235 - 2 * y)) for x in range(width)) for y in range(height))
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b"")


def test_campaign_media_header_upload(flow):
    """A template with an image header: the composer uploads the chosen file, fills the header with it, and the saved
    campaign sends that file. A file that is no image is refused with the server's reason, and the field is unchanged."""
    email, password = f"ines-{uuid.uuid4().hex[:8]}@example.com", "a long enough password"
    status, signup = api(flow, "POST", "/api/v1/auth/signup",
                         {"company": "Vitrine d'Inès", "name": "Inès Diallo", "email": email, "password": password})
    assert status == 201, signup
    token = signup["access_token"]
    status, number = api(flow, "POST", "/api/v1/whatsapp/numbers/sandbox", token=token)
    assert status == 201, number
    status, template = api(flow, "POST", "/api/v1/templates", {
        "number_id": number["id"], "name": "vitrine_photo", "category": "MARKETING", "language": "fr",
        "components": [{"type": "HEADER", "format": "IMAGE"}, {"type": "BODY", "text": "Bonjour {{1}}, voici la vitrine du jour."}]}, token)
    assert status == 201, template
    deadline = time.time() + 20
    while api(flow, "GET", f"/api/v1/templates/{template['id']}", token=token)[1].get("status") != "APPROVED":
        assert time.time() < deadline, "the template was not approved"
        time.sleep(0.3)
    folder = tempfile.mkdtemp(prefix="relais-media-")
    image, script = os.path.join(folder, "vitrine.png"), os.path.join(folder, "photo.jpg")
    with open(image, "wb") as out:
        out.write(png(120, 60))
    with open(script, "wb") as out:
        out.write(b"#!/bin/sh\necho not a photo\n")

    flow.driver.delete_all_cookies()
    flow.open("/login")
    flow.driver.add_cookie({"name": "relais_lang", "value": "en", "path": "/"})
    flow.fill("email", email)
    flow.fill("password", password)
    flow.submit()
    flow.wait.until(EC.url_to_be(flow.server.url + "/"))
    flow.open("/campaigns/new")
    flow.wait.until(EC.visibility_of_element_located((By.CSS_SELECTOR, "[data-param-tools]")))
    flow.fill("name", "Vitrine du jour")
    Select(flow.driver.find_element(By.ID, "template")).select_by_value("vitrine_photo:fr")
    tools = flow.wait.until(EC.visibility_of_element_located((By.CSS_SELECTOR, "[data-param-row][data-media] [data-media-tools]")))
    header = flow.driver.find_element(By.ID, "variables-header-0")
    status_line = tools.find_element(By.CSS_SELECTOR, "[data-media-status]")
    tools.find_element(By.CSS_SELECTOR, "input[type=file]").send_keys(script)
    flow.wait.until(lambda d: "could not be uploaded" in status_line.text)
    assert "JPEG or PNG" in status_line.text, status_line.text
    assert header.get_attribute("value") == "", "a refused file leaves the field as it was"
    tools.find_element(By.CSS_SELECTOR, "input[type=file]").send_keys(image)
    flow.wait.until(lambda d: "Uploaded: vitrine.png" in status_line.text)
    assert header.get_attribute("value").startswith("media:"), header.get_attribute("value")
    # The preview shows the uploaded picture itself, served back by the API.
    picture = flow.wait.until(EC.presence_of_element_located((By.CSS_SELECTOR, "[data-bubble-media] img")))
    flow.wait.until(lambda d: d.execute_script("return arguments[0].complete && arguments[0].naturalWidth", picture) == 120)
    flow.fill("variables-body-0", "{first_name|client}")
    flow.shot("23-campaign-media-upload")
    flow.driver.find_element(By.CSS_SELECTOR, "[data-testid=save-campaign]").click()
    flow.wait.until(EC.presence_of_element_located((By.CSS_SELECTOR, "[data-campaign-live]")))
    flow.wait_text("Campaign saved.")
    campaign_id = flow.driver.current_url.rstrip("/").split("/")[-1]
    saved_picture = flow.driver.find_element(By.CSS_SELECTOR, "[data-bubble-media] img")
    flow.wait.until(lambda d: d.execute_script("return arguments[0].complete && arguments[0].naturalWidth", saved_picture) == 120)
    status, campaign = api(flow, "GET", f"/api/v1/campaigns/{campaign_id}", token=token)
    assert status == 200, campaign
    status, files = api(flow, "GET", "/api/v1/media?kind=image", token=token)
    assert [f["file_name"] for f in files["data"]] == ["vitrine.png"], files
    assert campaign["variables"]["header"] == [files["data"][0]["expression"]], campaign

    # Scheduled from its page: a moment already past is refused beside its field, then every Monday and Thursday
    # at 10:30 in Paris, four times.
    def schedule(start):
        flow.driver.execute_script("arguments[0].value = arguments[1]", flow.driver.find_element(By.ID, "schedule-start"), start)
        Select(flow.driver.find_element(By.ID, "schedule-zone")).select_by_value("Europe/Paris")
        flow.driver.find_element(By.CSS_SELECTOR, "[data-testid=schedule-submit]").click()
    schedule("2020-01-06T10:30")
    flow.wait_text("This moment has already passed")
    assert api(flow, "GET", f"/api/v1/campaigns/{campaign_id}", token=token)[1]["state"] == "draft"
    flow.driver.find_element(By.ID, "frequency-weekly").click()
    for day in ("weekday-1", "weekday-4"):
        box = flow.driver.find_element(By.ID, day)
        if not box.is_selected():
            flow.driver.execute_script("arguments[0].click()", box)
    flow.driver.find_element(By.ID, "end-count").click()
    flow.driver.find_element(By.ID, "schedule-count").clear()
    flow.driver.find_element(By.ID, "schedule-count").send_keys("4")
    schedule("2031-03-03T10:30")
    flow.wait_text("Campaign scheduled: first send")
    assert flow.driver.find_element(By.CSS_SELECTOR, "[data-testid=campaign-state]").text == "Scheduled"
    flow.shot("24-campaign-scheduled")
    status, scheduled = api(flow, "GET", f"/api/v1/campaigns/{campaign_id}", token=token)
    assert scheduled["state"] == "scheduled", scheduled
    assert scheduled["schedule"]["timezone"] == "Europe/Paris", scheduled
    assert scheduled["schedule"]["recurrence"]["frequency"] == "weekly", scheduled
    assert sorted(scheduled["schedule"]["recurrence"]["weekdays"]) == [1, 4], scheduled


def main():
    binary = os.environ.get("RELAIS_BINARY", ".build/debug/relais")
    shots = os.environ.get("RELAIS_SCREENSHOTS") or tempfile.mkdtemp(prefix="relais-shots-")
    os.makedirs(shots, exist_ok=True)
    server = Server(binary)
    driver = make_driver()
    passed = failed = 0
    try:
        for test in (test_signup_login_invite_logout, test_sandbox_number_and_template, test_french_interface, test_contacts_import_wizard,
                     test_campaign_compose_launch_and_watch, test_campaign_ab_tabs, test_analytics_pages, test_campaign_media_header_upload,
                     test_live_progress_module):
            try:
                test(Flow(server, driver, shots))
                passed += 1
                print(f"PASS {test.__name__}")
            except Exception:
                failed += 1
                print(f"FAIL {test.__name__}")
                traceback.print_exc()
                Flow(server, driver, shots).shot("failure-" + test.__name__)
    finally:
        driver.quit()
        server.stop()
    print(f"screenshots: {shots}")
    print(f"browser: {passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
