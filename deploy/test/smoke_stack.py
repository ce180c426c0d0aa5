"""The processes of the smoke test, all on loopback in one temporary folder: a private PostgreSQL cluster, PgBouncer
in transaction-pooling mode, a standalone `relais simulator`, `relais serve` nodes, and nginx running
deploy/nginx/relais.conf with only its ports and paths substituted.
"""
import glob
import os
import pwd
import shutil
import signal
import subprocess
import time
import urllib.request

from smoke_nginx import NginxMixin

REPO = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
PASSWORD = {"postgres": "smoke-superuser-pw", "relais_owner": "smoke-owner-pw", "relais_app": "smoke-app-pw"}


def pg_bindir():
    try:
        return subprocess.run(["pg_config", "--bindir"], capture_output=True, text=True, check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
        if not found:
            raise RuntimeError("PostgreSQL binaries not found (apt-get install postgresql)")
        return os.path.dirname(found[-1])


class Stack(NginxMixin):
    def __init__(self, root, ports, binary):
        self.root, self.ports, self.binary = root, ports, binary
        self.processes = {}
        # PostgreSQL and PgBouncer refuse to run as root: as root (CI), they run as the postgres user.
        self.run_as = "postgres" if os.geteuid() == 0 else None
        os.chmod(root, 0o755)

    def path(self, *parts):
        return os.path.join(self.root, *parts)

    def _as_service_user(self, command):
        return ["runuser", "-u", self.run_as, "--"] + command if self.run_as else command

    def _give(self, path):
        if self.run_as:
            user = pwd.getpwnam(self.run_as)
            os.chown(path, user.pw_uid, user.pw_gid)

    def spawn(self, name, command, env=None, cwd=None):
        log = open(self.path(f"{name}.log"), "ab")
        process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT, env=env, cwd=cwd or self.root,
                                   start_new_session=True)
        self.processes[name] = process
        return process

    def stop(self, name, sig=signal.SIGTERM, timeout=15):
        """Signals `name` and waits for it; returns the seconds it took to exit (None if it had to be killed)."""
        process = self.processes.pop(name, None)
        if process is None or process.poll() is not None:
            return 0.0
        started = time.monotonic()
        try:
            # The whole session: `runuser` and the server it started (PgBouncer), or the node alone.
            os.killpg(process.pid, sig)
        except ProcessLookupError:
            pass
        try:
            process.wait(timeout=timeout)
            return time.monotonic() - started
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
            return None

    # PostgreSQL ------------------------------------------------------------------------------------------------

    def start_postgres(self):
        bindir = self.bindir = pg_bindir()
        self.psql_path = os.path.join(bindir, "psql")
        data, pwfile = self.path("pg"), self.path("pg.pw")
        os.mkdir(data, 0o700)
        with open(pwfile, "w") as file:
            file.write(PASSWORD["postgres"])
        for path in (data, pwfile):
            self._give(path)
        subprocess.run(self._as_service_user([os.path.join(bindir, "initdb"), "-D", data, "-U", "postgres", f"--pwfile={pwfile}",
                                              "-A", "scram-sha-256", "-E", "UTF8", "--no-locale"]),
                       check=True, capture_output=True)
        with open(os.path.join(data, "postgresql.conf"), "a") as conf:
            conf.write(f"\nport = {self.ports['postgres']}\nlisten_addresses = '127.0.0.1'\nunix_socket_directories = ''\n"
                       "max_connections = 200\nfsync = off\nsynchronous_commit = off\nfull_page_writes = off\n")
        subprocess.run(self._as_service_user([os.path.join(bindir, "pg_ctl"), "-D", data, "-l", os.path.join(data, "server.log"),
                                              "-w", "start"]), check=True, capture_output=True)
        self.pg_ctl_stop = self._as_service_user([os.path.join(bindir, "pg_ctl"), "-D", data, "-m", "fast", "-w", "stop"])
        # The roles README's DATABASE_URL mode asks for: a schema owner, and an application role that is neither
        # superuser nor BYPASSRLS, member of relais_application.
        # The application role comes from compose's own init script (deploy/postgres/init-roles.sh), run here by hand.
        subprocess.run(["sh", os.path.join(REPO, "deploy", "postgres", "init-roles.sh")], check=True, capture_output=True,
                       env=self.pg_env("postgres", POSTGRES_USER="postgres", POSTGRES_DB="postgres",
                                       RELAIS_APP_DB_PASSWORD=PASSWORD["relais_app"]))
        self.psql(f"CREATE ROLE relais_owner LOGIN NOSUPERUSER PASSWORD '{PASSWORD['relais_owner']}'")
        self.psql("CREATE DATABASE relais OWNER relais_owner ENCODING 'UTF8'")

    def pg_env(self, user, database="postgres", port=None, **extra):
        """libpq's variables for `user` on our cluster, with PostgreSQL's binaries first on PATH."""
        return dict(os.environ, PATH=self.bindir + ":" + os.environ.get("PATH", ""), PGHOST="127.0.0.1",
                    PGPORT=str(port or self.ports["postgres"]), PGUSER=user, PGPASSWORD=PASSWORD.get(user, ""), PGDATABASE=database,
                    PGCONNECT_TIMEOUT="5", **extra)

    def psql(self, sql, database="postgres", user="postgres", port=None):
        env = dict(os.environ, PGPASSWORD=PASSWORD.get(user, ""), PGCONNECT_TIMEOUT="5")
        result = subprocess.run([self.psql_path, "-h", "127.0.0.1", "-p", str(port or self.ports["postgres"]), "-U", user,
                                 "-d", database, "-v", "ON_ERROR_STOP=1", "-tAc", sql], env=env, capture_output=True, text=True)
        if result.returncode != 0:
            raise RuntimeError(f"psql: {result.stderr.strip()}")
        return result.stdout.strip()

    def url(self, user, port=None):
        return f"postgres://{user}:{PASSWORD[user]}@127.0.0.1:{port or self.ports['postgres']}/relais"

    def backup_once(self):
        """deploy/backup/backup.sh, once, as compose's backup service runs it; returns the dump's table of contents."""
        folder = self.path("backups")
        subprocess.run(["sh", os.path.join(REPO, "deploy", "backup", "backup.sh")], check=True, capture_output=True,
                       env=self.pg_env("relais_owner", "relais", BACKUP_DIR=folder, BACKUP_ONCE="1"))
        dumps = sorted(glob.glob(os.path.join(folder, "relais-*.dump")))
        if not dumps:
            return ""
        return subprocess.run([os.path.join(self.bindir, "pg_restore"), "--list", dumps[-1]], capture_output=True, text=True,
                              check=True).stdout

    # PgBouncer -------------------------------------------------------------------------------------------------

    def start_pgbouncer(self):
        """Debian's PgBouncer, transaction pooling: a server connection per transaction, not per client."""
        PASSWORD["smoke_admin"] = "smoke-admin-pw"
        with open(self.path("pgbouncer.users"), "w") as users:
            for user in ("relais_app", "smoke_admin"):
                users.write(f'"{user}" "{PASSWORD[user]}"\n')
        with open(self.path("pgbouncer.ini"), "w") as ini:
            ini.write(f"""[databases]
relais = host=127.0.0.1 port={self.ports['postgres']} dbname=relais

[pgbouncer]
listen_addr = 127.0.0.1
listen_port = {self.ports['pgbouncer']}
unix_socket_dir =
auth_type = scram-sha-256
auth_file = {self.path('pgbouncer.users')}
admin_users = smoke_admin
pool_mode = transaction
default_pool_size = 10
max_client_conn = 200
""")
        for name in ("pgbouncer.users", "pgbouncer.ini"):
            self._give(self.path(name))
        self.spawn("pgbouncer", self._as_service_user(["pgbouncer", self.path("pgbouncer.ini")]))
        for _ in range(100):
            try:
                self.psql("SHOW VERSION", database="pgbouncer", user="smoke_admin", port=self.ports["pgbouncer"])
                return
            except RuntimeError:
                time.sleep(0.1)
        raise RuntimeError("pgbouncer did not start; see pgbouncer.log")

    def pgbouncer_transactions(self):
        """Transactions PgBouncer has passed to the relais database so far (SHOW STATS)."""
        rows = self.psql("SHOW STATS", database="pgbouncer", user="smoke_admin", port=self.ports["pgbouncer"]).splitlines()
        for row in rows:
            cells = row.split("|")
            if cells[0] == "relais":
                return int(cells[1])
        return 0

    # Relais ----------------------------------------------------------------------------------------------------

    def relais_env(self, extra):
        env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": self.root, "RELAIS_LOG_FORMAT": "json"}
        env.update(extra)
        return env

    def migrate(self):
        env = self.relais_env({"DATABASE_URL": self.url("relais_app"), "RELAIS_OWNER_DATABASE_URL": self.url("relais_owner"),
                               "RELAIS_LOG_LEVEL": "warning"})
        subprocess.run([self.binary, "migrate"], env=env, check=True, capture_output=True, cwd=self.root)

    def start_simulator(self, app_secret, cafile):
        self.spawn("simulator", [self.binary, "simulator", "--host", "127.0.0.1", "--port", str(self.ports["simulator"]),
                                 "--webhook-url", f"https://127.0.0.1:{self.ports['https']}/webhooks/whatsapp",
                                 "--app-secret", app_secret, "--webhook-ca-file", cafile],
                   env=self.relais_env({"RELAIS_LOG_LEVEL": "warning"}))
        wait_http(f"http://127.0.0.1:{self.ports['simulator']}/__sim/webhooks", "the simulator")

    def start_node(self, name, port, env):
        data = self.path(name)
        os.makedirs(data, exist_ok=True)
        self.spawn(name, [self.binary, "serve"], env=self.relais_env(dict(env, RELAIS_PORT=str(port), RELAIS_DATA_DIR=data)))
        wait_http(f"http://127.0.0.1:{port}/readyz", name, process=self.processes[name])

    def log_lines(self, name):
        try:
            with open(self.path(f"{name}.log"), errors="replace") as file:
                return file.read().splitlines()
        except OSError:
            return []

    def close(self):
        for name in list(self.processes):
            self.stop(name, signal.SIGKILL if name.startswith("node") else signal.SIGTERM, timeout=10)
        if getattr(self, "pg_ctl_stop", None):
            subprocess.run(self.pg_ctl_stop, capture_output=True)


def wait_http(url, what, process=None, seconds=60):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process is not None and process.poll() is not None:
            raise RuntimeError(f"{what} exited with {process.returncode}")
        try:
            with urllib.request.urlopen(url, timeout=2) as answer:
                if answer.status == 200:
                    return
        except OSError:
            pass
        time.sleep(0.1)
    raise RuntimeError(f"{what} did not answer {url} within {seconds} s")


def remove(root):
    shutil.rmtree(root, ignore_errors=True)
