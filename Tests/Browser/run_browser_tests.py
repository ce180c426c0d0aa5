#!/usr/bin/env python3
"""Browser tests: a real headless Chromium (Debian's chromium + chromium-driver, driven by
selenium) against a real `relais serve` with its own embedded PostgreSQL in a temporary folder.

Run by .ci/run after `swift test`. RELAIS_BINARY points at the built executable.
Screenshots land in $RELAIS_SCREENSHOTS (default: a temporary folder) for a human to look at.
"""
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
import traceback
import urllib.request
import uuid

from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.common.exceptions import StaleElementReferenceException
from selenium.webdriver.common.by import By
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


def main():
    binary = os.environ.get("RELAIS_BINARY", ".build/debug/relais")
    shots = os.environ.get("RELAIS_SCREENSHOTS") or tempfile.mkdtemp(prefix="relais-shots-")
    os.makedirs(shots, exist_ok=True)
    server = Server(binary)
    driver = make_driver()
    passed = failed = 0
    try:
        for test in (test_signup_login_invite_logout, test_sandbox_number_and_template, test_french_interface, test_contacts_import_wizard,
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
