"""Fuzz the API with schemathesis against its own OpenAPI document; exit non-zero on any 5xx or schema violation.

    .venv/bin/python scripts/api_fuzz.py            # or: make fuzz

Builds a throw-away database (SQLite in a temporary folder, or, when DATABASE_URL names PostgreSQL, a fresh
database ``<name>_fuzz`` beside it, dropped and re-created), loads the demo data (``seed_demo``), serves
phoihop with gunicorn on a free port of 127.0.0.1 and runs schemathesis over ``/api/schema/`` once as a border
post's reporter and once as the superuser, each with its own API token.

Environment (all optional):

- ``FUZZ_SECONDS`` time budget per user (default 180); ``FUZZ_MAX_EXAMPLES`` test cases per operation and
  phase (default 10); ``FUZZ_USERS`` comma-separated demo user names (default ``pomadon.reporter,admin``);
  ``FUZZ_SEED`` a fixed random seed; ``FUZZ_PHASES`` schemathesis phases (default: all of them);
  ``FUZZ_REPORT_DIR`` where the JUnit reports and the server log go (default ``var/fuzz``).
- ``FUZZ_KEEP_DB=1`` keeps the PostgreSQL database afterwards (the temporary SQLite folder is always removed).

Only 127.0.0.1 is ever targeted. Nothing is excluded: the API has no logout or token endpoint that would end
the run's own session.
"""

import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
VENV_BIN = Path(sys.executable).parent
HOST = "127.0.0.1"

CHECKS = ",".join(
    [
        "not_a_server_error",
        "status_code_conformance",
        "content_type_conformance",
        "response_headers_conformance",
        "response_schema_conformance",
    ]
)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


def fresh_postgres(url: str) -> str:
    """A new empty database next to the one DATABASE_URL names; returns its URL."""
    import psycopg

    parts = urlsplit(url)
    name = parts.path.lstrip("/") + "_fuzz"
    admin_url = urlunsplit(parts._replace(scheme="postgresql", path="/postgres"))
    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')
    return urlunsplit(parts._replace(path=f"/{name}"))


def drop_postgres(url: str) -> None:
    import psycopg

    parts = urlsplit(url)
    admin_url = urlunsplit(parts._replace(scheme="postgresql", path="/postgres"))
    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{parts.path.lstrip("/")}" WITH (FORCE)')


def manage(env, *args, capture=False):
    command = [sys.executable, str(ROOT / "manage.py"), *args]
    result = subprocess.run(command, env=env, cwd=ROOT, check=True, capture_output=capture, text=True)
    return result.stdout if capture else None


def wait_until_up(url: str, server: subprocess.Popen, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit(f"api_fuzz: the server stopped (exit {server.returncode}) before answering")
        try:
            with urllib.request.urlopen(url, timeout=5):
                return
        except OSError:
            time.sleep(0.5)
    raise SystemExit(f"api_fuzz: no answer from {url} within {timeout:.0f} s")


def main() -> int:
    seconds = int(os.environ.get("FUZZ_SECONDS", "180"))
    max_examples = os.environ.get("FUZZ_MAX_EXAMPLES", "10")
    users = [u for u in os.environ.get("FUZZ_USERS", "pomadon.reporter,admin").split(",") if u]
    report_dir = Path(os.environ.get("FUZZ_REPORT_DIR", ROOT / "var" / "fuzz")).resolve()
    shutil.rmtree(report_dir, ignore_errors=True)
    report_dir.mkdir(parents=True)

    var_dir = Path(tempfile.mkdtemp(prefix="phoihop-fuzz-"))
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "phoihop.settings.base",
        "PHOIHOP_VAR_DIR": str(var_dir),
        "DEBUG": "false",
        "AXES_ENABLED": "false",
        "REQUIRE_2FA_FOR_ADMINS": "false",
        "ALLOWED_HOSTS": HOST,
        "LANGUAGE_CODE": "vi",
    }
    postgres_url = None
    if os.environ.get("DATABASE_URL", "").startswith(("postgres://", "postgresql://", "pgsql://")):
        postgres_url = fresh_postgres(os.environ["DATABASE_URL"])
        env["DATABASE_URL"] = postgres_url
    else:
        env.pop("DATABASE_URL", None)
    database = postgres_url.rsplit("@", 1)[-1] if postgres_url else f"SQLite in {var_dir}"
    print(f"api_fuzz: database {database}", flush=True)

    server = None
    started = time.monotonic()
    try:
        manage(env, "migrate", "--noinput", "-v", "0")
        manage(env, "collectstatic", "--noinput", "-v", "0")
        manage(env, "compilemessages", "-l", "vi", "-i", ".venv", capture=True)
        manage(env, "load_areas", capture=True)
        manage(env, "seed_demo", capture=True)
        tokens = {}
        for username in users:
            out = manage(env, "drf_create_token", username, capture=True)
            tokens[username] = out.strip().split()[2]
        print(f"api_fuzz: demo data ready in {time.monotonic() - started:.0f} s", flush=True)

        port = free_port()
        log = open(report_dir / "server.log", "w")  # noqa: SIM115 (closed with the server)
        server = subprocess.Popen(
            [
                str(VENV_BIN / "gunicorn"),
                "phoihop.wsgi:application",
                "--bind",
                f"{HOST}:{port}",
                "--workers",
                "2",
                "--timeout",
                "120",
                # no request-line limit in gunicorn, so the application's own (MAX_URL_LENGTH, a JSON 414) is
                # what a too-long generated query string meets
                "--limit-request-line",
                "0",
                "--access-logfile",
                "-",
            ],
            env=env,
            cwd=ROOT,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        schema_url = f"http://{HOST}:{port}/api/schema/?format=json"
        wait_until_up(schema_url, server)

        failed = []
        for username in users:
            print(f"\napi_fuzz: == {username}, {seconds} s", flush=True)
            command = [
                str(VENV_BIN / "schemathesis"),
                "run",
                schema_url,
                "--url",
                f"http://{HOST}:{port}",
                "--header",
                f"Authorization: Token {tokens[username]}",
                "--header",
                "Accept-Language: vi",
                "--checks",
                CHECKS,
                "--max-time",
                str(seconds),
                "--max-examples",
                max_examples,
                "--workers",
                "1",
                "--request-timeout",
                "60",
                "--generation-database",
                "none",
                "--suppress-health-check",
                "all",
                "--continue-on-failure",
                "--no-color",
                "--report",
                "junit",
                "--report-junit-path",
                str(report_dir / f"{username}.xml"),
            ]
            if os.environ.get("FUZZ_SEED"):
                command += ["--seed", os.environ["FUZZ_SEED"]]
            if os.environ.get("FUZZ_PHASES"):
                command += ["--phases", os.environ["FUZZ_PHASES"]]
            run_started = time.monotonic()
            # run from the report folder: schemathesis keeps its cache (.schemathesis/) in the working directory
            result = subprocess.run(command, cwd=report_dir, env={**os.environ, "NO_COLOR": "1"})
            print(f"api_fuzz: {username}: exit {result.returncode} in {time.monotonic() - run_started:.0f} s")
            if result.returncode != 0:
                failed.append(username)
        if failed:
            print(f"\napi_fuzz: FAILED for {', '.join(failed)}; server log: {report_dir / 'server.log'}")
            return 1
        print("\napi_fuzz: no server error and no schema violation")
        return 0
    finally:
        if server is not None:
            server.terminate()
            try:
                server.wait(timeout=20)
            except subprocess.TimeoutExpired:
                server.kill()
        if postgres_url and not os.environ.get("FUZZ_KEEP_DB"):
            drop_postgres(postgres_url)
        shutil.rmtree(var_dir, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
