"""Static checks of deploy/ that need no Docker engine: the compose file parses and is consistent, every variable it
uses is in .env.example, every setting Relais reads is documented there, the Dockerfile copies paths that exist and
builds with the command the guide gives, and the systemd unit has what a drained, hardened service needs."""
import os
import re
import subprocess
import tempfile

from smoke_stack import REPO

DEPLOY = os.path.join(REPO, "deploy")
BUILD_COMMAND = "swift build -c release --product relais"


def read(*parts):
    with open(os.path.join(REPO, *parts)) as file:
        return file.read()


def env_example():
    """Variables of .env.example: set (`VAR=`) and documented only (`# VAR=` or `# VAR  explanation`)."""
    active, documented = set(), set()
    lines = read("deploy", ".env.example").splitlines()
    uncommented = []
    for index, line in enumerate(lines):
        if match := re.match(r"^([A-Z][A-Z0-9_]*)=", line):
            active.add(match.group(1))
            if index == 0 or not lines[index - 1].startswith("#"):
                uncommented.append(match.group(1))
        elif match := re.match(r"^#\s*([A-Z][A-Z0-9_]+)(=|\s)", line):
            documented.add(match.group(1))
    return active, documented | active, uncommented


def check_compose(results):
    import yaml

    text = read("deploy", "compose.yaml")
    try:
        compose = yaml.safe_load(text)
    except yaml.YAMLError as error:
        results.check("compose.yaml parses as YAML", False, error)
        return
    results.check("compose.yaml parses as YAML", isinstance(compose, dict))
    services = compose.get("services", {})
    results.check("compose: relais, relais-2, postgres, nginx and backup services",
                  {"relais", "relais-2", "postgres", "nginx", "backup"} <= set(services), sorted(services))
    declared = set(compose.get("volumes", {}))
    problems = []
    for name, service in services.items():
        for target in service.get("depends_on", []):
            if target not in services:
                problems.append(f"{name} depends on unknown {target}")
        for volume in service.get("volumes", []):
            source = volume.split(":")[0]
            if source.startswith("."):
                if not os.path.exists(os.path.join(DEPLOY, source)):
                    problems.append(f"{name} mounts missing {source}")
            elif not source.startswith("/") and source not in declared:
                problems.append(f"{name} uses undeclared volume {source}")
        if "image" not in service and "build" not in service:
            problems.append(f"{name} has neither image nor build")
    results.check("compose: dependencies, mounted files and named volumes exist", not problems, problems)
    results.check("compose: postgres has a health check and a named volume, backup a volume",
                  "healthcheck" in services.get("postgres", {}) and {"pgdata", "backup"} <= declared)
    used = set(re.findall(r"\$\{([A-Z][A-Z0-9_]*)(?::?-[^}]*)?\}", text))
    active, documented, uncommented = env_example()
    results.check(f"every ${{VAR}} of compose.yaml ({len(used)}) is set in .env.example", used <= active, sorted(used - active))
    results.check("every variable set in .env.example has a comment", not uncommented, uncommented)
    config = read("Sources", "Relais", "RelaisConfiguration.swift")
    read_by_relais = set(re.findall(r'(?:value|integer|flag)\("((?:RELAIS_|DATABASE_)[A-Z0-9_]*)"', config))
    results.check(f"every variable Relais reads ({len(read_by_relais)}) is documented in .env.example",
                  read_by_relais <= documented, sorted(read_by_relais - documented))


def check_dockerfile(results):
    text = read("deploy", "Dockerfile")
    missing = []
    for line in text.splitlines():
        if line.startswith("COPY ") and "--from=" not in line:
            for source in line.split()[1:-1]:
                if not os.path.exists(os.path.join(REPO, source)):
                    missing.append(source)
    results.check("Dockerfile: every path it COPYs from the context exists", not missing, missing)
    results.check("Dockerfile: builds with the guide's command", BUILD_COMMAND in text and BUILD_COMMAND in read("docs", "deploy.md"))
    readme = re.findall(r"swift build -c release[^\n`]*", read("README.md"))
    results.check("Dockerfile: README's release build command (if any) is the same", all(line.strip() == BUILD_COMMAND for line in readme), readme)
    bundles = set(re.findall(r"(relais_\w+\.resources)", text))
    package = read("Package.swift")
    chunks = re.split(r"\.(?:target|executableTarget|testTarget)\(", package)[1:]
    names = [re.search(r'name: "(\w+)"', chunk).group(1) for chunk in chunks if "resources:" in chunk]
    expected = {f"relais_{name}.resources" for name in names}
    results.check(f"Dockerfile: copies the resource bundle of every target that has resources ({len(expected)})",
                  bundles == expected, f"copies {sorted(bundles)}, targets {sorted(expected)}")
    built = os.path.dirname(os.environ.get("RELAIS_BINARY", "/var/tmp/relais-ci-build/debug/relais"))
    if os.path.isdir(built):
        present = {name for name in os.listdir(built) if name.endswith(".resources")}
        results.check("Dockerfile: those bundle names are the ones SwiftPM builds", expected <= present, sorted(present))
    stages = re.findall(r"^FROM ", text, re.M)
    results.check("Dockerfile: multi-stage, non-root USER, HEALTHCHECK on /readyz, STOPSIGNAL SIGTERM",
                  len(stages) >= 2 and re.search(r"^USER (?!root)\w+", text, re.M) and re.search(r"HEALTHCHECK[^\n]*\n?[^\n]*/readyz", text)
                  and "STOPSIGNAL SIGTERM" in text and "postgresql-client" in text)


def check_systemd(results):
    text = read("deploy", "systemd", "relais.service")
    needed = ["User=relais", "EnvironmentFile=", "Restart=", "KillSignal=SIGTERM", "TimeoutStopSec=", "ProtectSystem=strict",
              "NoNewPrivileges=yes", "ExecStart=/opt/relais/relais serve"]
    results.check("systemd unit: user, EnvironmentFile, Restart, SIGTERM, stop timeout, hardening",
                  all(key in text for key in needed), [key for key in needed if key not in text])
    try:
        with tempfile.TemporaryDirectory() as folder:
            unit = os.path.join(folder, "relais.service")
            with open(unit, "w") as file:
                file.write(text)
            output = subprocess.run(["systemd-analyze", "verify", unit], capture_output=True, text=True).stderr
    except OSError:
        return
    # The binary is not installed on this machine; anything else systemd says is a mistake in the unit.
    complaints = [line for line in output.splitlines() if line.strip() and "is not executable" not in line]
    results.check("systemd-analyze verify: no complaint but the absent binary", not complaints, complaints)


def check_files(results):
    check_compose(results)
    check_dockerfile(results)
    check_systemd(results)
