"""The deployment files (manage.py render_deploy), the production settings and the read-only replica router.

The production settings are imported in a subprocess with the environment under test: they read it once at
import, and they must not leak into the test settings of this process.
"""

import importlib.util
import io
import json
import os
import re
import shutil
import subprocess
import sys
import threading

import pytest
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError

from phoihop.core import db_routers
from phoihop.core.db_routers import REPLICA, ReplicaRouter, read_alias, reading_from_replica
from phoihop.core.management.commands import render_deploy

UPSTREAMS = ["10.0.0.11:8000", "10.0.0.12:8000", "web-3.phoihop.local:8000"]
APP_DIR = str(settings.BASE_DIR)
VENV = f"{APP_DIR}/.venv"


def render(out, *pairs):
    args = [arg for pair in pairs for arg in ("--set", pair)]
    call_command("render_deploy", "--out", str(out), *args, stdout=io.StringIO())
    return {str(path.relative_to(out)): path.read_text(encoding="utf-8") for path in out.rglob("*") if path.is_file()}


@pytest.fixture
def rendered(tmp_path):
    return render(tmp_path, f"upstreams={','.join(UPSTREAMS)}", "db_replica_host=10.0.0.3", "gunicorn_timeout=40")


def nginx_directive_lines(text):
    for raw in text.splitlines():
        line = raw.split("#", 1)[0].strip()
        if line:
            yield line


# --- render_deploy -------------------------------------------------------------------------------------------


def test_every_template_is_rendered_without_placeholders(rendered):
    assert set(rendered) == set(render_deploy.template_names())
    assert {"nginx/phoihop.conf", "pgbouncer/pgbouncer.ini", "env/phoihop.env"} <= set(rendered)
    assert {"systemd/phoihop-web.service", "systemd/phoihop-worker@.service"} <= set(rendered)
    for name, text in rendered.items():
        for marker in ("{{", "}}", "{%", "%}", "{#", "@@MISSING"):
            assert marker not in text, f"{name} keeps {marker!r}"


def test_nginx_config_is_plausible(rendered):
    text = rendered["nginx/phoihop.conf"]
    depth = 0
    for line in nginx_directive_lines(text):
        depth += line.count("{") - line.count("}")
        assert depth >= 0, f"closing brace without an opening one at {line!r}"
        assert line.endswith((";", "{", "}")), f"directive not terminated: {line!r}"
    assert depth == 0
    upstream = re.search(r"upstream phoihop_web \{(.*?)\}", text, re.S).group(1)
    for host in UPSTREAMS:
        assert re.search(rf"^\s*server {re.escape(host)}\b", upstream, re.M), host
    assert "proxy_set_header X-Forwarded-Proto $scheme;" in text
    assert "proxy_set_header X-Forwarded-For $remote_addr;" in text  # overwritten: the client cannot forge it
    assert "ssl_certificate /etc/ssl/phoihop/fullchain.pem;" in text
    assert "gzip on;" in text and "application/geo+json" in text
    # Static files come from WhiteNoise through the proxy, uploaded files only through the application's views.
    directives = "\n".join(nginx_directive_lines(text))
    assert "alias " not in directives and "root " not in directives and str(settings.MEDIA_ROOT) not in directives


def test_nginx_limits_agree_with_the_settings_and_gunicorn(rendered):
    text = rendered["nginx/phoihop.conf"]
    body = int(re.search(r"client_max_body_size (\d+)m;", text).group(1)) * 1024 * 1024
    assert body > render_deploy.largest_upload()
    assert body > settings.IMPORT_MAX_BYTES and body > settings.DATA_UPLOAD_MAX_MEMORY_SIZE
    header = int(re.search(r"large_client_header_buffers 4 (\d+)k;", text).group(1)) * 1024
    assert header > settings.MAX_URL_LENGTH
    gunicorn = rendered["systemd/phoihop-web.service"]
    assert "--timeout 40 " in gunicorn
    assert "proxy_read_timeout 45s;" in text and "proxy_send_timeout 45s;" in text
    limit = int(re.search(r"--limit-request-line (\d+)", gunicorn).group(1))
    assert limit > settings.MAX_URL_LENGTH


def test_systemd_units(rendered):
    units = {name: text for name, text in rendered.items() if name.startswith("systemd/")}
    for name, text in units.items():
        sections = re.findall(r"^\[(\w+)\]$", text, re.M)
        if name.endswith(".timer"):
            assert sections == ["Unit", "Timer", "Install"], name
            continue
        # The daily service is started by its timer only, so it has no [Install].
        expected = ["Unit", "Service"] if "daily" in name else ["Unit", "Service", "Install"]
        assert sections == expected, name
        starts = re.findall(r"^ExecStart=(\S+)", text, re.M)
        assert starts and all(start.startswith(f"{VENV}/bin/") for start in starts), name
        assert f"WorkingDirectory={APP_DIR}" in text
        assert "EnvironmentFile=/etc/phoihop/phoihop.env" in text
        assert "Environment=DJANGO_SETTINGS_MODULE=phoihop.settings.production" in text
    web = units["systemd/phoihop-web.service"]
    assert f"ExecStart={VENV}/bin/gunicorn phoihop.wsgi:application --bind 127.0.0.1:8000" in web
    worker = units["systemd/phoihop-worker@.service"]
    assert f"ExecStart={VENV}/bin/python {APP_DIR}/manage.py db_worker" in worker
    # Long enough for a running report (PDF up to 180 s) to finish after the first SIGTERM.
    assert int(re.search(r"^TimeoutStopSec=(\d+)$", worker, re.M).group(1)) > 180


def test_pgbouncer_uses_transaction_pooling(tmp_path, rendered):
    text = rendered["pgbouncer/pgbouncer.ini"]
    assert re.search(r"^pool_mode = transaction$", text, re.M)
    assert re.search(r"^phoihop = host=127\.0\.0\.1 port=5432 dbname=phoihop$", text, re.M)
    assert re.search(r"^phoihop_replica = host=10\.0\.0\.3 port=5432 dbname=phoihop$", text, re.M)
    without_replica = render(tmp_path / "plain")["pgbouncer/pgbouncer.ini"]
    assert "phoihop_replica" not in without_replica
    assert "listen_port = 6432" in without_replica  # a number, never localised ("6.432")


def test_environment_file(tmp_path, rendered):
    text = rendered["env/phoihop.env"]
    secret = re.search(r"^SECRET_KEY=(\w+)$", text, re.M).group(1)
    assert len(secret) == 64
    assert re.search(r"^PGBOUNCER=1$", text, re.M)
    assert re.search(r"^DATABASE_REPLICA_URL=postgres://\S+/phoihop_replica$", text, re.M)
    assert re.search(r"^REDIS_URL=redis://", text, re.M)
    plain = render(tmp_path / "plain")
    assert re.search(r"^# DATABASE_REPLICA_URL=", plain["env/phoihop.env"], re.M)
    assert (tmp_path / "plain" / "env" / "phoihop.env").stat().st_mode & 0o077 == 0  # it holds the secret key


@pytest.mark.parametrize(
    ("pair", "message"),
    [
        ("upstream=10.0.0.1:8000", "unknown key"),
        ("upstreams=", "upstreams is empty"),
        ("upstreams=10.0.0.1:8000;evil", "is not host:port"),
        ("proxy_timeout=30", "must be longer than gunicorn_timeout"),
        ("limit_request_line=4000", "must be above MAX_URL_LENGTH"),
        ("gunicorn_workers=four", "not a whole number"),
        ("server_name=a\nb", "line breaks"),
        ("server_name", "expected key=value"),
    ],
)
def test_bad_values_are_refused(tmp_path, pair, message):
    with pytest.raises(CommandError, match=message):
        render(tmp_path, pair)
    assert not any(tmp_path.iterdir())


def test_a_template_without_a_value_is_refused():
    values = render_deploy.derive(render_deploy.defaults())
    del values["server_name"]
    with pytest.raises(CommandError, match="no value for server_name"):
        render_deploy.render_all(values)


def test_nginx_accepts_the_site(tmp_path, rendered):
    nginx, openssl = shutil.which("nginx"), shutil.which("openssl")
    if not nginx:
        pytest.skip("nginx is not installed here; the structural checks of test_nginx_config_is_plausible ran")
    if not openssl:
        pytest.skip("openssl is not installed here: no test certificate for nginx -t")
    key, cert = tmp_path / "test.key", tmp_path / "test.pem"
    subprocess.run(
        [openssl, "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=phoihop.example.vn"]
        + ["-keyout", str(key), "-out", str(cert)],
        check=True,
        capture_output=True,
    )
    site = tmp_path / "site.conf"
    site.write_text(
        rendered["nginx/phoihop.conf"]
        .replace("/etc/ssl/phoihop/fullchain.pem", str(cert))
        .replace("/etc/ssl/private/phoihop.key", str(key))
    )
    conf = tmp_path / "nginx.conf"
    conf.write_text(
        f"error_log {tmp_path}/error.log;\npid {tmp_path}/nginx.pid;\nevents {{}}\n"
        f"http {{\n    access_log off;\n    include {site};\n}}\n"
    )
    result = subprocess.run([nginx, "-t", "-p", str(tmp_path), "-c", str(conf)], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


def test_systemd_accepts_the_units(tmp_path, rendered):
    analyze = shutil.which("systemd-analyze")
    if not analyze:
        pytest.skip("systemd-analyze is not installed here; the structural checks of test_systemd_units ran")
    for name, text in rendered.items():
        if not name.startswith("systemd/"):
            continue
        unit = tmp_path / name.split("/")[1].replace("@.service", "@1.service")  # a template needs an instance
        unit.write_text(text)
        result = subprocess.run([analyze, "verify", "--man=no", str(unit)], capture_output=True, text=True)
        complaints = [line for line in result.stderr.splitlines() if unit.name in line]
        assert not complaints, complaints


# --- production settings (in a subprocess) -------------------------------------------------------------------

PROBE = """
import json
import django
from django.conf import settings
django.setup()
from django.apps import apps
from django.db import router
from phoihop.core.db_routers import reading_from_replica
Report = apps.get_model("reports", "Report")
with reading_from_replica():
    read_in_block = router.db_for_read(Report)
    write_in_block = router.db_for_write(Report)
print(json.dumps({
    "databases": {alias: {key: db.get(key) for key in ("CONN_MAX_AGE", "CONN_HEALTH_CHECKS",
                  "DISABLE_SERVER_SIDE_CURSORS", "HOST", "TEST")} for alias, db in settings.DATABASES.items()},
    "routers": settings.DATABASE_ROUTERS,
    "middleware": settings.MIDDLEWARE,
    "caches": {alias: cache["BACKEND"] for alias, cache in settings.CACHES.items()},
    "session_engine": settings.SESSION_ENGINE,
    "read_outside": router.db_for_read(Report),
    "read_in_block": read_in_block,
    "write_in_block": write_in_block,
    "migrate": {alias: router.allow_migrate(alias, "reports") for alias in settings.DATABASES},
}))
"""

#: what the subprocess must not inherit: the scale-out settings under test, and what the browser tests set for their
#: live server (DJANGO_ALLOW_ASYNC_UNSAFE, which ``check --deploy`` rightly refuses)
SCALE_ENV = (
    "DATABASE_REPLICA_URL",
    "PGBOUNCER",
    "CONN_MAX_AGE",
    "REDIS_URL",
    "CACHE_URL",
    "IMPORT_PROGRESS_CACHE_URL",
    "DJANGO_ALLOW_ASYNC_UNSAFE",
)


def production_env(**extra):
    environ = {key: value for key, value in os.environ.items() if key not in SCALE_ENV}
    environ.update(
        DJANGO_SETTINGS_MODULE="phoihop.settings.production",
        SECRET_KEY="k" * 20 + "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUV",
        ALLOWED_HOSTS="phoihop.example.vn",
        **extra,
    )
    return environ


def run_production(code, **extra):
    return subprocess.run(
        [sys.executable, "-c", code], cwd=APP_DIR, env=production_env(**extra), capture_output=True, text=True
    )


def probe(**extra):
    result = run_production(PROBE, **extra)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_production_settings_without_scale_out_variables():
    found = probe()
    assert set(found["databases"]) == {"default"}
    default = found["databases"]["default"]
    assert default["CONN_MAX_AGE"] == 60 and default["CONN_HEALTH_CHECKS"] is True
    assert not default["DISABLE_SERVER_SIDE_CURSORS"]
    assert found["routers"] == []
    assert found["read_outside"] == found["read_in_block"] == found["write_in_block"] == "default"
    middleware = found["middleware"]
    assert middleware[:3] == [
        "django.middleware.security.SecurityMiddleware",
        "whitenoise.middleware.WhiteNoiseMiddleware",
        "phoihop.core.middleware.TextGZipMiddleware",
    ]
    assert middleware.count("phoihop.core.middleware.TextGZipMiddleware") == 1
    assert found["session_engine"] == "django.contrib.sessions.backends.db"


def test_production_settings_with_replica_and_pgbouncer():
    found = probe(
        DATABASE_REPLICA_URL="postgres://phoihop:secret@replica.local:6432/phoihop_replica",
        PGBOUNCER="1",
        CONN_MAX_AGE="120",
    )
    assert set(found["databases"]) == {"default", "replica"}
    for database in found["databases"].values():
        assert database["CONN_MAX_AGE"] == 120 and database["CONN_HEALTH_CHECKS"] is True
        assert database["DISABLE_SERVER_SIDE_CURSORS"] is True
    assert found["databases"]["replica"]["HOST"] == "replica.local"
    assert found["databases"]["replica"]["TEST"]["MIRROR"] == "default"
    assert found["routers"] == ["phoihop.core.db_routers.ReplicaRouter"]
    assert found["read_outside"] == "default"  # requests read their own writes
    assert found["read_in_block"] == "replica"
    assert found["write_in_block"] == "default"
    assert found["migrate"] == {"default": True, "replica": False}


REDIS_PROBE = (
    "import json, phoihop.settings.production as s; "
    "print(json.dumps({'caches': s.CACHES, 'session': s.SESSION_ENGINE}, default=str))"
)


def test_production_settings_with_redis(tmp_path):
    # The settings only look the package up (Django's RedisCache imports it at the first cache call), so an
    # empty stand-in is enough when the real one is not installed here.
    (tmp_path / "redis").mkdir()
    (tmp_path / "redis" / "__init__.py").write_text("")
    path = os.pathsep.join([os.environ.get("PYTHONPATH", ""), str(tmp_path)]).strip(os.pathsep)
    result = run_production(REDIS_PROBE, REDIS_URL="redis://redis.local:6379/0", PYTHONPATH=path)
    assert result.returncode == 0, result.stderr
    found = json.loads(result.stdout)
    assert found["session"] == "django.contrib.sessions.backends.cached_db"
    for alias in ("default", "imports"):
        assert found["caches"][alias]["BACKEND"] == "django.core.cache.backends.redis.RedisCache"
        assert found["caches"][alias]["LOCATION"] == "redis://redis.local:6379/0"
    assert found["caches"]["default"]["KEY_PREFIX"] != found["caches"]["imports"]["KEY_PREFIX"]
    # An explicit CACHE_URL still wins over REDIS_URL.
    result = run_production(REDIS_PROBE, REDIS_URL="redis://r:6379/0", CACHE_URL="dummycache://", PYTHONPATH=path)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["caches"]["default"]["BACKEND"].endswith("DummyCache")


def test_redis_url_without_the_redis_package_refuses_to_start():
    if importlib.util.find_spec("redis") is not None:
        pytest.skip("the redis package is installed here")
    result = run_production(REDIS_PROBE, REDIS_URL="redis://redis.local:6379/0")
    assert result.returncode != 0
    assert "REDIS_URL is set but the Python package 'redis' is not installed" in result.stderr


def test_deploy_check_passes_with_replica_and_pgbouncer():
    result = run_production(
        "import sys; from django.core.management import execute_from_command_line; "
        "execute_from_command_line(['manage.py', 'check', '--deploy', '--fail-level', 'WARNING'])",
        DATABASE_REPLICA_URL="postgres://phoihop:secret@replica.local:6432/phoihop_replica",
        PGBOUNCER="1",
    )
    assert result.returncode == 0, result.stderr + result.stdout


# --- the router itself ---------------------------------------------------------------------------------------


class Obj:
    def __init__(self, db):
        self._state = type("State", (), {"db": db})()


@pytest.fixture
def with_replica(monkeypatch):
    monkeypatch.setattr(db_routers, "replica_configured", lambda: True)


def test_router_reads_the_primary_outside_the_block(with_replica):
    router = ReplicaRouter()
    assert router.db_for_read(None) == "default"
    assert router.db_for_read(None, instance=Obj(REPLICA)) == "default"


def test_router_reads_the_replica_inside_the_block_and_writes_the_primary(with_replica):
    router = ReplicaRouter()
    with reading_from_replica():
        assert router.db_for_read(None) == REPLICA
        assert read_alias() == REPLICA
        # An object read from the replica is saved to the primary, never to the read-only replica.
        assert router.db_for_write(None, instance=Obj(REPLICA)) == "default"
        with reading_from_replica():
            pass
        assert router.db_for_read(None) == REPLICA  # a nested block leaves the outer one as it was
    assert router.db_for_read(None) == "default"


def test_the_block_is_left_on_error_and_works_as_a_decorator(with_replica):
    with pytest.raises(ValueError), reading_from_replica():
        raise ValueError
    assert read_alias() == "default"

    @reading_from_replica()
    def job():
        return read_alias()

    assert job() == REPLICA
    assert read_alias() == "default"


def test_the_block_holds_for_its_own_thread_only(with_replica):
    seen = []
    with reading_from_replica():
        thread = threading.Thread(target=lambda: seen.append(read_alias()))
        thread.start()
        thread.join()
    assert seen == ["default"]


def test_without_a_replica_the_block_changes_nothing():
    assert REPLICA not in settings.DATABASES
    with reading_from_replica():
        assert ReplicaRouter().db_for_read(None) == "default"
        assert read_alias() == "default"


def test_router_migrations_and_relations():
    router = ReplicaRouter()
    assert router.allow_migrate("default", "reports") is True
    assert router.allow_migrate(REPLICA, "reports") is False
    assert router.allow_relation(Obj("default"), Obj(REPLICA)) is True
    assert router.allow_relation(Obj("default"), Obj("other")) is None


def test_gzip_compresses_text_and_leaves_downloads_as_they_are():
    from django.http import HttpResponse
    from django.test import RequestFactory

    from phoihop.core.middleware import TextGZipMiddleware

    request = RequestFactory().get("/", HTTP_ACCEPT_ENCODING="gzip")
    body = b'{"type": "FeatureCollection", "features": []}' * 200
    answers = {}
    for content_type in (
        "application/json",
        "application/geo+json",
        "text/html; charset=utf-8",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "application/pdf",
    ):
        middleware = TextGZipMiddleware(lambda r, ct=content_type: HttpResponse(body, content_type=ct))
        answers[content_type.split(";")[0]] = middleware(request).get("Content-Encoding")
    assert answers == {
        "application/json": "gzip",
        "application/geo+json": "gzip",
        "text/html": "gzip",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": None,
        "application/pdf": None,
    }
