"""Render the deployment files of deploy/templates/ (systemd units, nginx site, pgbouncer, environment file).

    manage.py render_deploy --out /tmp/phoihop-deploy --set upstreams=10.0.0.11:8000,10.0.0.12:8000 \
        --set server_name=phoihop.example.vn

Each template is a Django template rendered without HTML escaping; ``--set key=value`` overrides a default
(``--list`` prints them). Defaults that follow from the settings (upload limits, address length) are computed
from them, so nginx and gunicorn stay consistent with the application. docs/deployment.md explains the files.
"""

import math
import re
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.template import Context, Engine, TemplateSyntaxError
from django.utils.crypto import get_random_string

from phoihop.core import attachments

TEMPLATES_DIR = Path(settings.BASE_DIR) / "deploy" / "templates"
MISSING = "@@MISSING:%s@@"
MISSING_RE = re.compile(r"@@MISSING:([^@]*)@@")
SECRET_CHARS = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
MIB = 1024 * 1024

LIST_KEYS = {"upstreams"}
INT_KEYS = {
    "gunicorn_workers",
    "gunicorn_timeout",
    "limit_request_line",
    "proxy_timeout",
    "web_stop_timeout",
    "worker_interval",
    "worker_stop_timeout",
    "db_port",
    "pgbouncer_port",
    "pgbouncer_max_client_conn",
    "pgbouncer_pool_size",
}
UPSTREAM_RE = re.compile(r"^[A-Za-z0-9.\-]+:\d{1,5}$|^\[[0-9A-Fa-f:.]+\]:\d{1,5}$|^unix:/[\w./\-]+$")


def defaults() -> dict:
    """Every key a template may use, with its default; derived values are None until ``derive`` fills them."""
    return {
        "app_dir": str(settings.BASE_DIR),
        "venv_dir": None,  # <app_dir>/.venv
        "user": "phoihop",
        "group": "phoihop",
        "env_file": "/etc/phoihop/phoihop.env",
        "server_name": "phoihop.example.vn",
        "tls_certificate": "/etc/ssl/phoihop/fullchain.pem",
        "tls_certificate_key": "/etc/ssl/private/phoihop.key",
        "upstreams": ["127.0.0.1:8000"],
        "bind": "127.0.0.1:8000",
        "forwarded_allow_ips": "127.0.0.1,::1",
        "gunicorn_workers": 4,
        "gunicorn_timeout": 30,
        "limit_request_line": 8190,
        "proxy_timeout": None,  # gunicorn_timeout + 5
        "web_stop_timeout": None,  # gunicorn_timeout + 10
        "client_max_body_size": None,  # from the upload limits in the settings
        "header_buffer": None,  # from MAX_URL_LENGTH
        "worker_interval": 1,
        "worker_stop_timeout": 300,
        "daily_time": "06:15",
        "db_name": "phoihop",
        "db_host": "127.0.0.1",
        "db_port": 5432,
        "db_replica_host": "",
        "pgbouncer_host": "127.0.0.1",
        "pgbouncer_listen_addr": "127.0.0.1",
        "pgbouncer_port": 6432,
        "pgbouncer_max_client_conn": 1000,
        "pgbouncer_pool_size": 40,
        "redis_url": "redis://127.0.0.1:6379/0",
        "media_root": str(settings.MEDIA_ROOT),
        "static_root": str(settings.STATIC_ROOT),
        "var_dir": str(settings.VAR_DIR),
        "secret_key": None,  # generated
    }


def largest_upload() -> int:
    """The largest request body the application accepts: an attachment, an import file or a plain form."""
    return max(attachments.max_bytes(), settings.IMPORT_MAX_BYTES, settings.DATA_UPLOAD_MAX_MEMORY_SIZE)


def derive(values: dict) -> dict:
    values = dict(values)
    if values["venv_dir"] is None:
        values["venv_dir"] = f"{values['app_dir'].rstrip('/')}/.venv"
    if values["proxy_timeout"] is None:
        values["proxy_timeout"] = values["gunicorn_timeout"] + 5
    if values["web_stop_timeout"] is None:
        values["web_stop_timeout"] = values["gunicorn_timeout"] + 10
    if values["client_max_body_size"] is None:
        # 1 MiB above the largest upload for the multipart boundaries and the other fields of the form.
        values["client_max_body_size"] = f"{math.ceil(largest_upload() / MIB) + 1}m"
    if values["header_buffer"] is None:
        values["header_buffer"] = f"{max(8, math.ceil((settings.MAX_URL_LENGTH + 1024) / 1024))}k"
    if values["secret_key"] is None:
        values["secret_key"] = get_random_string(64, SECRET_CHARS)
    return values


def check_consistency(values: dict) -> None:
    if values["proxy_timeout"] <= values["gunicorn_timeout"]:
        raise CommandError(
            f"proxy_timeout ({values['proxy_timeout']}) must be longer than gunicorn_timeout "
            f"({values['gunicorn_timeout']}): nginx would give up on requests gunicorn is still answering."
        )
    if values["limit_request_line"] <= settings.MAX_URL_LENGTH:
        raise CommandError(
            f"limit_request_line ({values['limit_request_line']}) must be above MAX_URL_LENGTH "
            f"({settings.MAX_URL_LENGTH}), or gunicorn answers long addresses before the application."
        )
    if not values["upstreams"]:
        raise CommandError("upstreams is empty: name at least one gunicorn host, e.g. upstreams=10.0.0.11:8000.")
    for host in values["upstreams"]:
        if not UPSTREAM_RE.match(host):
            raise CommandError(f"upstreams: {host!r} is not host:port (or unix:/path).")


def parse_overrides(pairs: list[str], values: dict) -> dict:
    values = dict(values)
    for pair in pairs:
        key, sep, value = pair.partition("=")
        key = key.strip()
        if not sep:
            raise CommandError(f"--set {pair!r}: expected key=value.")
        if key not in values:
            raise CommandError(f"--set {key}: unknown key; known keys: {', '.join(sorted(values))}.")
        if any(ord(char) < 32 for char in value):
            raise CommandError(f"--set {key}: the value may not contain line breaks or control characters.")
        if key in LIST_KEYS:
            values[key] = [item for item in re.split(r"[,\s]+", value) if item]
        elif key in INT_KEYS:
            try:
                values[key] = int(value)
            except ValueError:
                raise CommandError(f"--set {key}: {value!r} is not a whole number.")
        else:
            values[key] = value
    return values


def template_names() -> list[str]:
    return sorted(str(path.relative_to(TEMPLATES_DIR)) for path in TEMPLATES_DIR.rglob("*") if path.is_file())


def render_all(values: dict) -> dict[str, str]:
    """Every template's rendered text by its relative path; refuses a template that names an unknown key."""
    engine = Engine(dirs=[str(TEMPLATES_DIR)], autoescape=False, string_if_invalid=MISSING)
    # Numbers as text: the template engine would localise them (5.432 for a port under LANGUAGE_CODE "vi").
    values = {key: value if isinstance(value, list) else str(value) for key, value in values.items()}
    rendered = {}
    for name in template_names():
        try:
            text = engine.get_template(name).render(Context(values, autoescape=False))
        except TemplateSyntaxError as error:
            raise CommandError(f"{name}: {error}")
        missing = sorted(set(MISSING_RE.findall(text)))
        if missing:
            raise CommandError(f"{name}: no value for {', '.join(missing)}.")
        rendered[name] = text
    return rendered


class Command(BaseCommand):
    help = "Render the deployment files (systemd, nginx, pgbouncer, environment) from deploy/templates/."

    def add_arguments(self, parser):
        parser.add_argument("--out", help="folder to write the rendered files to (created if missing)")
        parser.add_argument(
            "--set",
            action="append",
            default=[],
            metavar="KEY=VALUE",
            help="override a value (repeatable); lists (upstreams) are comma-separated",
        )
        parser.add_argument("--list", action="store_true", help="print the keys and their values, write nothing")

    def handle(self, *args, **options):
        values = derive(parse_overrides(options["set"], defaults()))
        check_consistency(values)
        if options["list"]:
            for key in sorted(values):
                value = values[key]
                shown = "(generated)" if key == "secret_key" else value
                if isinstance(value, list):
                    shown = ",".join(value)
                self.stdout.write(f"{key}={shown}")
            return
        if not options["out"]:
            raise CommandError("--out DIR is required (or --list).")
        out = Path(options["out"])
        for name, text in render_all(values).items():
            target = out / name
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(text, encoding="utf-8")
            if name.startswith("env/"):
                target.chmod(0o600)  # holds SECRET_KEY
            self.stdout.write(str(target))
        self.stdout.write(
            self.style.SUCCESS(f"Rendered {len(template_names())} files into {out}; see docs/deployment.md.")
        )
