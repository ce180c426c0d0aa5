"""TLS certificate and nginx for the smoke test: deploy/nginx/relais.conf itself, with only its ports and paths
substituted (each substitution must apply, so the test follows the file), under a private nginx.conf."""
import os
import subprocess

REPO = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))


class NginxMixin:
    """Methods of `Stack` (which provides `path`, `root`, `ports` and `spawn`)."""

    def make_certificate(self):
        os.makedirs(self.path("certs"))
        subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=127.0.0.1",
                        "-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost",
                        "-keyout", self.path("certs", "privkey.pem"), "-out", self.path("certs", "fullchain.pem")],
                       check=True, capture_output=True)
        return self.path("certs", "fullchain.pem")

    def nginx_config(self, node_ports):
        """deploy/nginx/relais.conf with the smoke test's ports and paths; every substitution must apply."""
        with open(os.path.join(REPO, "deploy", "nginx", "relais.conf")) as file:
            text = file.read()
        substitutions = [
            ("server relais:8080 ", f"server 127.0.0.1:{node_ports[0]} "),
            ("server relais-2:8080 ", f"server 127.0.0.1:{node_ports[1]} "),
            ("listen 80;", f"listen 127.0.0.1:{self.ports['http']};"),
            ("listen [::]:80;", ""),
            ("listen 443 ssl http2;", f"listen 127.0.0.1:{self.ports['https']} ssl http2;"),
            ("listen [::]:443 ssl http2;", ""),
            ("/etc/letsencrypt/live/relais/", self.path("certs") + "/"),
            ("root /var/www/certbot;", f"root {self.path('www')};"),
        ]
        for old, new in substitutions:
            if old not in text:
                raise RuntimeError(f"deploy/nginx/relais.conf no longer contains {old!r}: update the smoke test")
            text = text.replace(old, new)
        for folder in ("www", "nginx-temp"):
            os.makedirs(self.path(folder), exist_ok=True)
            os.chmod(self.path(folder), 0o777)
        with open(self.path("relais.conf"), "w") as file:
            file.write(text)
        temp = self.path("nginx-temp")
        with open(self.path("nginx.conf"), "w") as file:
            file.write(f"""worker_processes 1;
daemon off;
pid {self.path('nginx.pid')};
error_log {self.path('nginx-error.log')} warn;
events {{ worker_connections 1024; }}
http {{
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    access_log {self.path('nginx-access.log')};
    client_body_temp_path {temp}/body;
    proxy_temp_path {temp}/proxy;
    fastcgi_temp_path {temp}/fastcgi;
    uwsgi_temp_path {temp}/uwsgi;
    scgi_temp_path {temp}/scgi;
    include {self.path('relais.conf')};
}}
""")
        return self.path("nginx.conf")

    def nginx_test(self):
        result = subprocess.run(["nginx", "-t", "-p", self.root, "-c", self.path("nginx.conf")], capture_output=True, text=True)
        return result.returncode == 0, result.stderr.strip()

    def start_nginx(self):
        self.spawn("nginx", ["nginx", "-p", self.root, "-c", self.path("nginx.conf")])

