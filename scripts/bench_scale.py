"""HTTP benchmark against gunicorn on a national-scale dataset (``make bench-scale``): prints figures, asserts nothing.

    .venv/bin/python scripts/bench_scale.py [--dataset scale|demo] [--factor F] [--reuse] [--clients 1,8]
        [--requests N] [--only PATTERN] [--markdown docs/performance.md]

The database is DATABASE_URL when set (PostgreSQL), else a throw-away SQLite file in a temporary PHOIHOP_VAR_DIR. It
is migrated and seeded (``manage.py seed_scale --factor F --seed S``, or ``load_areas`` + ``seed_demo``), the static
files collected, then gunicorn serves it under the production settings (``phoihop.settings.bench``) on a free port of
127.0.0.1. Four users chosen from their memberships (a commune/post-level reporter, a provincial manager, a
top-level viewer, the superuser) log in through the login page, and every list page, one detail page per list, the
other pages, the dashboard, the map's GeoJSON, every API list (page 1 and a deep page), the floor page and the
Django admin's changelists are timed at each client level, round-robin; then the dashboard cold, a 10k-row export and
a yearly report. docs/performance.md explains the figures and the budgets.
"""

import argparse
import contextlib
import datetime
import json
import math
import os
import platform
import re
import secrets
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

SCALE_PASSWORD = "bench-2026-phoihop"  # every seed_scale user; the demo's is seed_demo.DEMO_PASSWORD
SCALE_SUPERUSER = "scale.admin"
DEMO_SUPERUSER = "admin"
PURPOSE = "reporting"  # the personal-data purpose each session states (audit.choices.Purpose)

# budgets (docs/performance.md)
BUDGET_P95_MS = 150  # every page and endpoint, p95 at 8 concurrent clients
BUDGET_FLOOR_RATIO = 3  # p95 at most 3 × the floor page's p95, at the same client level
BUDGET_DASHBOARD_WARM_MS = 100  # p95, one client
BUDGET_DASHBOARD_COLD_MS = 1000
BUDGET_REPORT_S = 10  # a yearly report, from the request to the finished files
EXPORT_ROWS = 10_000

MARKER_START = "<!-- bench-scale:start -->"
MARKER_END = "<!-- bench-scale:end -->"

#: pages without arguments that are not measured: forms that only post, the login flow, the purpose form
SKIP_PAGES = {
    "accounts:login",
    "accounts:logout",
    "accounts:otp_verify",
    "accounts:otp_setup",
    "accounts:language",
    "audit:purpose",
    "core:attachment_upload",
    "work:notification_read_all",
}
MAP_NAMES = {"border:map_data"}
DASHBOARD_NAME = "reports:dashboard"
ROLES = ("reporter", "manager", "viewer", "superuser")


# --- the URLs, from the resolver ---------------------------------------------------------------------------------


def _literal(pattern):
    """The fixed text of a URL pattern, or None when it takes arguments (or is a regular expression that is not
    plain text, like the API's format suffixes)."""
    from django.urls.resolvers import RegexPattern

    text = str(pattern)
    if pattern.regex.groups:
        return None
    if isinstance(pattern, RegexPattern):
        text = text.removeprefix("^").removesuffix("$").replace("\\.", ".")
        return None if re.search(r"[\\()\[\]?*+{}|^$]", text) else text
    return None if "<" in text else text


def walk_urls(urlconf=None):
    """(namespace, name, path, pattern) of every URL pattern; path is None for one that takes arguments."""
    from django.urls import URLResolver, get_resolver

    def walk(patterns, prefix, namespace):
        for entry in patterns:
            part = _literal(entry.pattern)
            path = None if prefix is None or part is None else prefix + part
            if isinstance(entry, URLResolver):
                inner = entry.namespace if entry.namespace else namespace
                if entry.namespace and namespace:
                    inner = f"{namespace}:{entry.namespace}"
                yield from walk(entry.url_patterns, path, inner)
            else:
                yield namespace, entry.name, path, entry

    yield from walk(get_resolver(urlconf).url_patterns, "/", None)


def list_urls(urlconf=None):
    """[(url name, path)] of every list page: names ending ``_list`` in an app's namespace, without arguments, one
    per address (``programs:figure_list`` is ``programs:periodicfigure_list``'s second name), sorted by address."""
    found = {}
    for namespace, name, path, _entry in walk_urls(urlconf):
        if path and namespace and namespace != "admin" and name and name.endswith("_list"):
            found.setdefault(path, f"{namespace}:{name}")
    return sorted(((name, path) for path, name in found.items()), key=lambda row: row[1])


def page_urls(urlconf=None):
    """[(url name, path)] of the other pages without arguments (home, inbox, calendar, statistics, dashboard, map …):
    not lists, forms to add or import, the API, the admin or the login flow."""
    found = {}
    for namespace, name, path, _entry in walk_urls(urlconf):
        if not path or not name or path.startswith(("/api/", "/admin/", "/_bench/")):
            continue
        full = f"{namespace}:{name}" if namespace else name
        if full in SKIP_PAGES or name.endswith(("_list", "_add", "_import")) or "." in path.rsplit("/", 1)[-1]:
            if full not in MAP_NAMES:
                continue
        found.setdefault(path, full)
    return sorted(((name, path) for path, name in found.items()), key=lambda row: row[1])


def api_list_urls(urlconf=None):
    """[(url name, path, view)] of every API list endpoint (the routers' ``<basename>-list``) and the API's
    statistics endpoints."""
    found = {}
    for _namespace, name, path, entry in walk_urls(urlconf):
        if path and path.startswith("/api/") and name and (name.endswith("-list") or name.endswith("-statistics")):
            found.setdefault(path, (name, entry.callback))
    return sorted(((name, path, view) for path, (name, view) in found.items()), key=lambda row: row[1])


def view_model(callback):
    """The model a generic list view or API view reads, when it says."""
    queryset = (getattr(callback, "view_initkwargs", None) or {}).get("queryset")
    cls = getattr(callback, "cls", None)
    if queryset is None and cls is not None:
        queryset = getattr(cls, "queryset", None)
    return getattr(queryset, "model", None)


# --- measurements -------------------------------------------------------------------------------------------------


@dataclass
class Item:
    group: str  # floor, list, detail, page, dashboard, map, api, api-deep, admin
    label: str
    path: str
    user: str  # role key
    model: str | None = None  # model label, for the admin comparison
    api: bool = False
    shown: str | None = None  # the address as printed, when the real one holds a secret

    @property
    def key(self):
        return f"{self.user}|{self.group}|{self.label}"


@dataclass
class Sample:
    ms: float
    status: object
    size: int
    wire: int


@dataclass
class Stats:
    n: int
    p50: float
    p95: float
    p99: float
    size: int
    wire: int
    statuses: Counter = field(default_factory=Counter)

    @property
    def status_text(self):
        return " ".join(
            f"{code}" if count == self.n else f"{code}×{count}"
            for code, count in sorted(self.statuses.items(), key=str)
        )

    @property
    def all_ok(self):
        return set(self.statuses) == {200}


def percentile(values, p):
    """Nearest-rank percentile of the sorted ``values``."""
    if not values:
        return math.nan
    return values[max(0, math.ceil(p / 100 * len(values)) - 1)]


def stats_of(samples):
    times = sorted(s.ms for s in samples)
    return Stats(
        n=len(samples),
        p50=percentile(times, 50),
        p95=percentile(times, 95),
        p99=percentile(times, 99),
        size=int(statistics.median(s.size for s in samples)) if samples else 0,
        wire=int(statistics.median(s.wire for s in samples)) if samples else 0,
        statuses=Counter(s.status for s in samples),
    )


def new_session():
    import requests

    class BehindProxySession(requests.Session):
        """The production settings mark the session and CSRF cookies Secure. The benchmark talks plain HTTP to
        127.0.0.1 and says ``X-Forwarded-Proto: https``, as the TLS proxy in front of gunicorn does, so it keeps the
        cookies as a browser behind that proxy would and sends them back over the plain connection."""

        def send(self, request, **kwargs):
            response = super().send(request, **kwargs)
            for cookie in self.cookies:
                cookie.secure = False
            return response

    session = BehindProxySession()
    session.headers.update({"X-Forwarded-Proto": "https", "X-Processing-Purpose": PURPOSE})
    return session


class Server:
    """gunicorn (and, for the background jobs, ``manage.py db_worker``) on a free port of 127.0.0.1."""

    def __init__(self, env, workers, timeout, log_dir):
        self.env, self.workers, self.timeout, self.log_dir = env, workers, timeout, log_dir
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.origin = f"https://127.0.0.1:{self.port}"
        self.web = self.worker = None
        self.logs = []

    def start(self):
        log = self.log("gunicorn.log")
        command = [
            str(ROOT / ".venv" / "bin" / "gunicorn"),
            "phoihop.wsgi:application",
            "--bind",
            f"127.0.0.1:{self.port}",
            "--workers",
            str(self.workers),
            "--timeout",
            str(self.timeout),
            "--limit-request-line",
            "8190",
        ]
        if not Path(command[0]).exists():
            command[0] = shutil.which("gunicorn") or "gunicorn"
        self.web = subprocess.Popen(command, cwd=ROOT, env=self.env, stdout=log, stderr=log, start_new_session=True)
        import requests

        deadline = time.monotonic() + 90
        while time.monotonic() < deadline:
            if self.web.poll() is not None:
                raise SystemExit(f"gunicorn stopped at start:\n{tail(self.log_dir / 'gunicorn.log')}")
            with contextlib.suppress(requests.RequestException):
                if requests.get(self.base + "/accounts/login/", timeout=5).status_code < 500:
                    return
            time.sleep(0.3)
        raise SystemExit(f"gunicorn did not answer within 90 s:\n{tail(self.log_dir / 'gunicorn.log')}")

    def start_worker(self):
        if self.worker is not None:
            return
        log = self.log("db_worker.log")
        command = [sys.executable, "manage.py", "db_worker", "--interval", "0.2", "--no-startup-delay"]
        self.worker = subprocess.Popen(command, cwd=ROOT, env=self.env, stdout=log, stderr=log, start_new_session=True)

    def log(self, name):
        handle = open(self.log_dir / name, "ab")
        self.logs.append(handle)
        return handle

    def stop(self):
        """Stops the processes this server started (each in its own process group), then closes their logs."""
        for process in (self.worker, self.web):
            if process is not None and process.poll() is None:
                os.killpg(process.pid, signal.SIGTERM)
                try:
                    process.wait(timeout=40)
                except subprocess.TimeoutExpired:
                    os.killpg(process.pid, signal.SIGKILL)
                    process.wait()
        for handle in self.logs:
            handle.close()


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def tail(path, lines=40):
    try:
        return "\n".join(Path(path).read_text(errors="replace").splitlines()[-lines:])
    except OSError:
        return ""


def csrf(session):
    return session.cookies.get("csrftoken", "")


def post(server, session, path, data):
    data = {"csrfmiddlewaretoken": csrf(session), **data}
    headers = {"Origin": server.origin, "Referer": server.origin + path}
    return session.post(server.base + path, data=data, headers=headers, allow_redirects=False, timeout=60)


def login(server, username, password):
    """A session signed in through the login page (its CSRF token, the real form), with the personal-data purpose
    stated."""
    session = new_session()
    page = session.get(server.base + "/accounts/login/", timeout=30)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text)
    data = {"username": username, "password": password, "next": "/"}
    if token:
        data["csrfmiddlewaretoken"] = token.group(1)
    headers = {"Origin": server.origin, "Referer": server.origin + "/accounts/login/"}
    answer = session.post(
        server.base + "/accounts/login/", data=data, headers=headers, allow_redirects=False, timeout=60
    )
    if answer.status_code != 302 or "sessionid" not in session.cookies:
        raise SystemExit(
            f"login of {username} failed (HTTP {answer.status_code}); the benchmark stops at the first failure so "
            f"that django-axes does not lock the account out"
        )
    post(server, session, "/audit/purpose/", {"purpose": PURPOSE, "note": "", "next": "/"})
    return session


def fetch(server, session, item, timeout):
    import requests

    headers = {"Accept": "application/json"} if item.api else None
    start = time.perf_counter()
    try:
        answer = session.get(server.base + item.path, headers=headers, allow_redirects=False, timeout=timeout)
        body = answer.content
    except requests.RequestException as error:
        return Sample((time.perf_counter() - start) * 1000, type(error).__name__, 0, 0)
    elapsed = (time.perf_counter() - start) * 1000
    wire = answer.headers.get("Content-Length")
    return Sample(elapsed, answer.status_code, len(body), int(wire) if wire and wire.isdigit() else len(body))


def run_clients(server, items, sessions, clients, requests_each, timeout, progress=""):
    """``clients`` threads take the next request from one queue that walks every item in turn, ``requests_each``
    times: at any moment the clients ask for different addresses, and a drift of the machine touches every address
    alike. Each client has its own session per user."""
    samples = defaultdict(list)
    lock = threading.Lock()
    barrier = threading.Barrier(clients)
    count, total = len(items), len(items) * requests_each
    state = {"next": 0}
    started = time.monotonic()

    def client(index):
        mine = []
        barrier.wait()
        while True:
            with lock:
                position = state["next"]
                state["next"] += 1
            if position >= total:
                break
            item = items[position % count]
            mine.append((item.key, fetch(server, sessions[item.user][index], item, timeout)))
            if progress and (position + 1) % count == 0:
                elapsed = time.monotonic() - started
                print(f"  {progress}: round {(position + 1) // count}/{requests_each} ({elapsed:.0f} s)", flush=True)
        with lock:
            for key, sample in mine:
                samples[key].append(sample)

    threads = [threading.Thread(target=client, args=(i,), daemon=True) for i in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return samples


# --- the database -------------------------------------------------------------------------------------------------


def manage(env, *arguments, quiet=False):
    started = time.monotonic()
    print(f"$ manage.py {' '.join(arguments)}", flush=True)
    result = subprocess.run(
        [sys.executable, "manage.py", *arguments],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE if quiet else None,
        stderr=subprocess.STDOUT if quiet else None,
        text=True,
    )
    if result.returncode:
        if quiet and result.stdout:
            print(result.stdout[-4000:])
        raise SystemExit(f"manage.py {arguments[0]} failed ({result.returncode})")
    return time.monotonic() - started


def prepare(args, env, var_dir):
    """Migrate, seed (unless --reuse finds data) and collect the static files; returns the seeding time (s) or None."""
    manage(env, "migrate", "--noinput", "-v", "0")
    from django.db import connections

    from phoihop.orgs.models import Organisation

    has_data = Organisation.all_objects.exists()
    connections.close_all()
    seeded = None
    if has_data and not args.reuse:
        raise SystemExit(
            "The database already holds data: pass --reuse to measure it as it is, or point DATABASE_URL at an "
            "empty database."
        )
    if not has_data:
        if args.dataset == "demo":
            seeded = manage(env, "load_areas", quiet=True) + manage(env, "seed_demo", quiet=True)
        else:
            seed = ["--seed", str(args.seed)] if args.seed is not None else []
            seeded = manage(env, "seed_scale", "--factor", str(args.factor), *seed)
    else:
        print("--reuse: the database already holds data; not seeding")
    if not (var_dir / "staticfiles" / "staticfiles.json").exists():
        manage(env, "collectstatic", "--noinput", "-v", "0")
    return seeded


def database_label():
    from django.db import connection

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SHOW server_version")
            return f"PostgreSQL {cursor.fetchone()[0].split()[0]}"
    import sqlite3

    return f"SQLite {sqlite3.sqlite_version}"


def machine_label():
    model = platform.processor() or platform.machine()
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    memory = ""
    with contextlib.suppress(OSError, ValueError, IndexError):
        kib = int(Path("/proc/meminfo").read_text().split("MemTotal:")[1].split()[0])
        memory = f", {kib / 1024 / 1024:.0f} GiB"
    return f"{os.cpu_count()} CPUs ({model}){memory}"


def data_counts():
    from django.apps import apps
    from django.utils import translation

    labels = [
        "orgs.Organisation",
        "accounts.User",
        "accounts.Membership",
        "work.Task",
        "work.ProgressReport",
        "work.Document",
        "border.Marker",
        "border.Patrol",
        "border.Inspection",
        "programs.PeriodicFigure",
        "audit.ChangeRecord",
    ]
    counts = {}
    with translation.override("en"):
        for label in labels:
            with contextlib.suppress(LookupError):
                model = apps.get_model(label)
                counts[str(model._meta.verbose_name_plural)] = model._default_manager.count()
    return counts


# --- users --------------------------------------------------------------------------------------------------------


@dataclass
class BenchUser:
    role: str
    user: object
    where: str
    scope: int = 0


def pick_users(args):
    """The benchmark's users, chosen by their memberships: the deepest reporter (a commune or border post), an
    approver or admin of a provincial organisation (one covering a province), the viewer of the shallowest
    organisation with the largest subtree (national level), and the superuser."""
    from django.db.models import Count, Q
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from phoihop.accounts.models import Membership, User
    from phoihop.core.choices import Role
    from phoihop.orgs.choices import COMMUNE_LEVEL_KINDS, AreaKind
    from phoihop.orgs.models import Organisation

    chosen = {}
    wanted = dict(pair.split("=", 1) for pair in args.user)
    with_devices = TOTPDevice.objects.filter(confirmed=True).values("user_id")
    memberships = (
        Membership.objects.filter(user__is_active=True, user__is_superuser=False, organisation__deleted_at=None)
        .exclude(user__in=with_devices)
        .select_related("user", "organisation")
    )
    taken = set()

    def subtree(org):
        return Organisation.objects.filter(path__startswith=org.path).count()

    def described(membership):
        org = membership.organisation
        return f"{Role(membership.role).name.lower()} @ {org.name} (depth {org.depth})"

    def choose(role, rows, key):
        rows = [m for m in rows if m.user_id not in taken]
        if not rows:
            return
        best = min(rows, key=key)
        taken.add(best.user_id)
        chosen[role] = BenchUser(role, best.user, described(best))

    for role, username in wanted.items():
        user = User.objects.get(username=username)
        membership = memberships.filter(user=user).order_by("organisation__depth").first()
        where = described(membership) if membership else "no membership"
        chosen[role] = BenchUser(role, user, "superuser" if user.is_superuser else where)
        taken.add(user.pk)
    if "reporter" not in chosen:
        local = set(Organisation.objects.filter(areas__kind__in=list(COMMUNE_LEVEL_KINDS)).values_list("pk", flat=True))
        rows = list(memberships.filter(role=Role.REPORTER))
        # a unit covering communes (a commune's committee, a border post), the deepest
        choose("reporter", rows, lambda m: (m.organisation_id not in local, -m.organisation.depth, m.pk))
    if "manager" not in chosen:
        provincial = Organisation.objects.annotate(
            provinces=Count("areas", filter=Q(areas__kind__in=[AreaKind.PROVINCE, AreaKind.CITY]))
        ).filter(provinces=1)
        rows = list(memberships.filter(role__gte=Role.APPROVER, organisation__in=provincial))
        if not rows:  # no organisation names its province: the approvers and admins one level below the top
            rows = list(memberships.filter(role__gte=Role.APPROVER))
            top = min((m.organisation.depth for m in rows), default=0)
            rows = [m for m in rows if m.organisation.depth == top + 1] or rows
        sizes = {m.organisation_id: subtree(m.organisation) for m in rows}
        # the largest organisation covering one province, the highest role
        choose("manager", rows, lambda m: (-sizes[m.organisation_id], -m.role, m.pk))
    if "viewer" not in chosen:
        rows = list(memberships.filter(role=Role.VIEWER))
        top = min((m.organisation.depth for m in rows), default=0)
        rows = [m for m in rows if m.organisation.depth == top]
        sizes = {m.organisation_id: subtree(m.organisation) for m in rows}
        choose("viewer", rows, lambda m: (-sizes[m.organisation_id], m.pk))
    if "superuser" not in chosen:
        preferred = SCALE_SUPERUSER if args.dataset == "scale" else DEMO_SUPERUSER
        superuser = (
            User.objects.filter(username=preferred, is_superuser=True).first()
            or User.objects.filter(is_superuser=True, is_active=True)
            .exclude(pk__in=with_devices)
            .order_by("pk")
            .first()
        )
        if superuser is not None:
            chosen["superuser"] = BenchUser("superuser", superuser, "superuser")
    for bench_user in chosen.values():
        bench_user.scope = Organisation.objects.restrict(bench_user.user).count()
    return {role: chosen[role] for role in ROLES if role in chosen and role in args.roles}


# --- the plan -----------------------------------------------------------------------------------------------------


def visible_record(model, queryset, user):
    from phoihop.core.choices import Action

    base = queryset if queryset is not None else model._default_manager.all()
    if not hasattr(base, "restrict"):
        return None
    return base.restrict(user, Action.VIEW).order_by(*(model._meta.ordering or ["pk"])).first()


def plan_items(args, server, users, sessions):
    """What is timed in the round-robin, per user."""
    from django.apps import apps
    from django.urls import NoReverseMatch, reverse

    from phoihop.core.bench_admin import BENCH_ADMINS

    only = re.compile(args.only) if args.only else None
    items = []
    notes = []
    lists, pages, apis = list_urls(), page_urls(), api_list_urls()
    list_callbacks = {f"{ns}:{name}": entry.callback for ns, name, path, entry in walk_urls() if path and ns}

    def add(item):
        if item.group in ("floor", "admin") or only is None or only.search(f"{item.group} {item.label} {item.path}"):
            items.append(item)

    for role, bench_user in users.items():
        user = bench_user.user
        add(Item("floor", "floor (middleware + session + user)", "/_bench/floor/", role))
        for name, path in lists:
            callback = list_callbacks.get(name)
            model = view_model(callback) if callback else None
            namespace, _, url_name = name.partition(":")
            if model is None:
                with contextlib.suppress(LookupError):
                    model = apps.get_model(namespace, url_name.removesuffix("_list"))
            label = model._meta.label if model is not None else None
            add(Item("list", name, path, role, model=label))
            if model is None or (only and not only.search(f"detail {name} {path}")):
                continue
            queryset = (getattr(callback, "view_initkwargs", None) or {}).get("queryset")
            record = visible_record(model, queryset, user)
            if record is None:
                continue
            try:
                detail = reverse(f"{namespace}:{url_name.removesuffix('_list')}_detail", kwargs={"pk": record.pk})
            except NoReverseMatch:
                continue
            add(Item("detail", f"{namespace}:{url_name.removesuffix('_list')}_detail", detail, role, model=label))
        for name, path in pages:
            group = "dashboard" if name == DASHBOARD_NAME else "map" if name in MAP_NAMES else "page"
            add(Item(group, name + (" (warm)" if group == "dashboard" else ""), path, role))
        for key, path in special_paths(user):
            group = "map" if key.endswith(("geojson", "json")) else "page"
            shown = "/work/calendar/<token>.ics" if "calendar_feed" in key else None
            add(Item(group, key, path, role, shown=shown))
        for name, path, callback in apis:
            model = view_model(callback)
            label = model._meta.label if model is not None else None
            add(Item("api", f"api {name}", path, role, model=label, api=True))
        if role == "superuser":
            for model_label in BENCH_ADMINS:
                app_label, model_name = model_label.lower().split(".")
                add(Item("admin", f"admin {model_label}", f"/admin/{app_label}/{model_name}/", role, model=model_label))
    # the API's deep pages need the answers of page 1
    single = Counter()
    for item in [i for i in items if i.group == "api"]:
        deep, note = deep_page(server, sessions[item.user][0], item.path)
        if deep:
            shown = f"{deep} {note}"
            add(Item("api-deep", f"{item.label} deep", deep, item.user, model=item.model, api=True, shown=shown))
        elif note.startswith("one page"):
            single[item.user] += 1
        elif note:
            notes.append(f"{item.user} {item.label}: {note}")
    if single:
        each = ", ".join(f"{count} for the {role}" for role, count in single.items())
        notes.append(f"no deep page of the API lists that hold one page only ({each})")
    return items, notes


def special_paths(user):
    """The calendar feed, the map's layers, a marker's card and a programme's progress map, for ``user``."""
    from django.urls import reverse

    from phoihop.accounts.models import User

    found = []
    token = User.objects.filter(pk=user.pk).values_list("calendar_token", flat=True).first()
    if token:
        found.append(("work:calendar_feed (.ics)", reverse("work:calendar_feed", kwargs={"token": token})))
    with contextlib.suppress(ImportError):
        from phoihop.border.maps import map_layers

        for layer in map_layers(user):
            found.append(
                (f"border:map_layer {layer.key}.geojson", reverse("border:map_layer", kwargs={"key": layer.key}))
            )
        found.append(("border:map_export geojson", reverse("border:map_export", kwargs={"fmt": "geojson"})))
    with contextlib.suppress(ImportError, LookupError):
        from phoihop.border.models import Marker

        marker = visible_record(Marker, None, user)
        if marker is not None:
            found.append(("border:marker_card json", reverse("border:marker_card", kwargs={"pk": marker.pk})))
    with contextlib.suppress(ImportError, LookupError):
        from phoihop.programs.models import Programme

        programme = visible_record(Programme, None, user)
        if programme is not None:
            path = reverse("programs:programme_progress_geojson", kwargs={"pk": programme.pk})
            found.append(("programs:programme_progress geojson", path))
    return found


def deep_page(server, session, path):
    """The address of a deep page of an API list: the 20th ``next`` of a cursor pagination, else page 1000 or the
    last page of a page-number one; with a note of which page it is (or why there is none)."""
    from urllib.parse import urlsplit

    try:
        first = session.get(server.base + path, headers={"Accept": "application/json"}, timeout=60)
        data = first.json()
    except Exception as error:  # noqa: BLE001 (reported, not raised: the page-1 timing shows the answer)
        return None, f"no deep page ({type(error).__name__})"
    if not isinstance(data, dict) or "results" not in data:
        return None, ""  # not paginated (statistics)
    following = data.get("next")
    if following and "cursor=" in following:
        hops = 0
        while following and hops < 20:
            current = following
            page = session.get(following.replace("https://", "http://", 1), headers={"Accept": "application/json"})
            following = page.json().get("next") if page.ok else None
            hops += 1
        split = urlsplit(current)
        return f"{split.path}?{split.query}", f"(cursor, next ×{hops})"
    count, size = data.get("count") or 0, len(data.get("results") or []) or 1
    last = math.ceil(count / size)
    if last <= 1:
        return None, f"one page only ({count} rows)"
    page = min(1000, last)
    return f"{path}?page={page}", f"(page {page} of {last})"


# --- the slow operations ------------------------------------------------------------------------------------------


@dataclass
class Operation:
    label: str
    user: str
    times: list  # seconds
    budget_s: float | None = None
    note: str = ""
    first_apart: bool = False  # the first time is a start-up's, the budget reads the others

    @property
    def steady(self):
        """The times after the first, when there are several (the first report starts the worker's LibreOffice)."""
        return self.times[1:] if len(self.times) > 1 and self.first_apart else self.times

    @property
    def mark(self):
        if not self.times:
            return "not measured"
        if self.budget_s is None:
            return ""
        return "ok" if max(self.steady) <= self.budget_s else f"OVER (> {self.budget_s:g} s)"


def bump_data_version():
    """Change what the dashboard's cache key reads (``reports.dashboard.data_version``), as any write does, without
    writing a record: the newest ``updated_at`` of a panel's model moves to now. Every worker's cached figures are
    then stale, whatever the cache backend. Returns whether the version changed."""
    from django.utils import timezone

    from phoihop.reports import dashboard
    from phoihop.reports.panels import all_panels

    before = dashboard.data_version()
    for model in sorted({m for panel in all_panels() for m in getattr(panel, "version_models", ())}, key=str):
        newest = model._base_manager.order_by("-updated_at").values_list("pk", flat=True).first()
        if newest is not None:
            model._base_manager.filter(pk=newest).update(updated_at=timezone.now())
            break
    else:
        from django.contrib.contenttypes.models import ContentType

        from phoihop.accounts.models import User
        from phoihop.audit.models import ChangeRecord

        user = User.objects.order_by("pk").first()
        ChangeRecord.objects.create(
            content_type=ContentType.objects.get_for_model(User),
            object_pk=str(user.pk),
            object_id=user.pk,
            object_repr="bench-scale",
            action=ChangeRecord.Action.ACCESS,
            changes={},
        )
    return dashboard.data_version() != before


def dashboard_cold(args, server, users, sessions):
    from django.urls import reverse

    path = reverse(DASHBOARD_NAME)
    operations = []
    repeats = max(1, min(args.requests, 5))
    for role in users:
        times, statuses = [], Counter()
        for _ in range(repeats):
            if not bump_data_version():
                return operations + [Operation("dashboard (cold)", role, [], note="the data version did not change")]
            sample = fetch(server, sessions[role][0], Item("dashboard", "", path, role), args.timeout)
            times.append(sample.ms / 1000)
            statuses[sample.status] += 1
        note = f"first request after a write; {repeats} samples, status {' '.join(map(str, statuses))}"
        operations.append(Operation("dashboard (cold)", role, times, BUDGET_DASHBOARD_COLD_MS / 1000, note))
    return operations


def pick_export(users):
    """(role, model, rows): the tasks or patrols of the user whose list is closest to EXPORT_ROWS rows."""
    from phoihop.border.models import Patrol
    from phoihop.core.choices import Action
    from phoihop.work.models import Task

    best = None
    for role, bench_user in users.items():
        for model in (Task, Patrol):
            rows = model.objects.restrict(bench_user.user, Action.VIEW).count()
            if rows and (best is None or abs(math.log(rows / EXPORT_ROWS)) < abs(math.log(best[2] / EXPORT_ROWS))):
                best = (role, model, rows)
    return best


def exports(args, server, users, sessions):
    """The chosen list's .xlsx: on the page (?export=xlsx, answered at once) and as a background export, from the
    request to the finished file."""
    from django.urls import reverse

    from phoihop.core.models import BackgroundExport

    choice = pick_export(users)
    if choice is None:
        return [Operation("export .xlsx", "-", [], note="no tasks or patrols to export")]
    role, model, rows = choice
    session = sessions[role][0]
    list_path = reverse(model.url_name("list"))
    label = f"{model._meta.label}, {dotted(rows)} rows"
    operations = []
    times, statuses, size = [], Counter(), 0
    for _ in range(args.export_repeats):
        sample = fetch(server, session, Item("export", "", f"{list_path}?export=xlsx", role), args.timeout + 5)
        times.append(sample.ms / 1000)
        statuses[sample.status] += 1
        size = sample.size
    note = f"status {' '.join(map(str, statuses))}, {size / 1024:.0f} KiB; gunicorn's --timeout is {args.timeout} s"
    operations.append(Operation(f"export .xlsx on the page ({label})", role, times, note=note))
    server.start_worker()
    times, notes = [], []
    for attempt in range(args.export_repeats + 1):
        # the first, of no rows (a search that finds nothing), waits for the worker to start: not counted
        query = "" if attempt else "q=bench-scale-no-such-record"
        newest = BackgroundExport.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
        start = time.perf_counter()
        answer = post(server, session, "/exports/", {"model": model._meta.label, "fmt": "xlsx", "query": query})
        if answer.status_code != 302:
            notes.append(f"request answered {answer.status_code}")
            break
        export = wait_for(
            lambda newest=newest: BackgroundExport.objects.filter(pk__gt=newest, status__in=["done", "failed"]).first()
        )
        if export is None:
            notes.append("not finished within 15 min")
            break
        if attempt:
            times.append(time.perf_counter() - start)
            notes.append(f"{export.status}, {export.row_count} rows" if export.status == "done" else export.error[:80])
    note = "; ".join(dict.fromkeys(notes)) + " (db_worker polling every 0.2 s)"
    operations.append(Operation(f"export .xlsx in the background ({label})", role, times, note=note))
    return operations


def dotted(number):
    return f"{number:,}".replace(",", ".")


def form_errors(html):
    """The error messages of a form page answered 400, in a line."""
    found = re.findall(r'class="[^"]*(?:invalid-feedback|alert-danger)[^"]*"[^>]*>(.*?)</', html, re.S)
    return " ".join(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", text)).strip() for text in found)[:200]


def wait_for(find, limit=900, every=0.1):
    from django.db import connection

    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        found = find()
        if found is not None:
            return found
        connection.close()  # SQLite: a fresh read of the file the worker writes
        time.sleep(every)
    return None


def yearly_reports(args, server, users, sessions):
    """A yearly report of the provincial manager's organisation (and of the top organisation, as the superuser),
    from the request on the form to the finished files (.docx, .xlsx and, with LibreOffice, .pdf)."""
    from phoihop.orgs.models import Organisation
    from phoihop.reports.models import Report
    from phoihop.reports.selectors import reporting_organisations

    cases = []
    if "manager" in users:
        organisation = reporting_organisations(users["manager"].user).order_by("depth", "name").first()
        if organisation is not None:
            cases.append(("manager", organisation))
    if "superuser" in users:
        top = Organisation.objects.filter(depth=0).order_by("path").first()
        if top is not None and all(top != org for _role, org in cases):
            cases.append(("superuser", top))
    server.start_worker()
    operations = []
    for case, (role, organisation) in enumerate(cases):
        first_report = case == 0  # the worker's first report also starts its LibreOffice (for the PDF)
        session = sessions[role][0]
        session.get(server.base + "/reports/reports/add/", timeout=60)  # the form, as a person opens it
        times, notes = [], []
        for _ in range(args.report_repeats):
            start = time.perf_counter()
            answer = post(
                server,
                session,
                "/reports/reports/add/",
                {"organisation": organisation.pk, "template": "yearly", "language": "vi"},
            )
            found = re.search(r"/reports/reports/(\d+)/", answer.headers.get("Location", ""))
            if answer.status_code != 302 or not found:
                notes.append(f"request answered {answer.status_code} {form_errors(answer.text)}".rstrip())
                break
            pk = int(found.group(1))
            report = wait_for(lambda pk=pk: Report.objects.filter(pk=pk, status__in=["done", "failed"]).first())
            if report is None:
                notes.append("not finished within 15 min")
                break
            times.append(time.perf_counter() - start)
            if first_report and len(times) == 1 and args.report_repeats > 1:
                notes.append(f"the first {times[0]:.1f} s (the worker's LibreOffice starts)")
            files = "+".join(f for f in ("docx", "xlsx", "pdf") if getattr(report, f))
            notes.append(
                f"{report.status}, {files}, generation {dotted(report.duration_ms or 0)} ms"
                if report.status == "done"
                else f"failed: {report.error[:80]}"
            )
        operations.append(
            Operation(
                f"yearly report of {organisation.name}",
                role,
                times,
                BUDGET_REPORT_S,
                "; ".join(dict.fromkeys(notes)) + " (request → files, db_worker polling every 0.2 s)",
                first_apart=first_report,
            )
        )
    return operations


# --- results ------------------------------------------------------------------------------------------------------


@dataclass
class Row:
    item: Item
    level: int
    stats: Stats
    floor: float | None
    admin: float | None
    marks: list

    @property
    def budget(self):
        if self.item.group in ("floor", "admin"):
            return "ref"
        return "ok" if not self.marks else "OVER " + ", ".join(self.marks)


def build_rows(items, samples):
    rows = []
    by_key = {item.key: item for item in items}
    for (key, level), measured in samples.items():
        item = by_key[key]
        stats = stats_of(measured)
        floor = samples.get((f"{item.user}|floor|floor (middleware + session + user)", level))
        floor_p95 = stats_of(floor).p95 if floor else None
        admin_p95 = None
        if item.group in ("list", "api") and item.model:
            admin = samples.get((f"superuser|admin|admin {item.model}", level))
            admin_p95 = stats_of(admin).p95 if admin else None
        marks = []
        if item.group not in ("floor", "admin"):
            if level >= 8 and stats.p95 > BUDGET_P95_MS:
                marks.append(f"p95>{BUDGET_P95_MS}")
            if floor_p95 and stats.p95 > BUDGET_FLOOR_RATIO * floor_p95:
                marks.append(f">{BUDGET_FLOOR_RATIO}×floor")
            if admin_p95 and stats.p95 > admin_p95:
                marks.append(">admin")
            if item.group == "dashboard" and level == 1 and stats.p95 > BUDGET_DASHBOARD_WARM_MS:
                marks.append(f"warm>{BUDGET_DASHBOARD_WARM_MS}")
        rows.append(Row(item, level, stats, floor_p95, admin_p95, marks))
    order = {group: i for i, group in enumerate(["floor", "admin", "list", "detail", "page", "dashboard", "map"])}
    rows.sort(key=lambda r: (order.get(r.item.group, 9), r.item.label, ROLES.index(r.item.user), r.level))
    return rows


def size_text(size):
    return f"{size / 1024:.1f} K" if size >= 1024 else f"{size} B"


def ratio_text(value, reference):
    return f"{value / reference:.1f}" if reference else "—"


def row_cells(row, users):
    s = row.stats
    return [
        row.item.group,
        row.item.label,
        shown if len(shown := row.item.shown or row.item.path) <= 60 else shown[:57] + "...",
        row.item.user,
        str(row.level),
        str(s.n),
        f"{s.p50:.0f}",
        f"{s.p95:.0f}",
        f"{s.p99:.0f}",
        size_text(s.size) + (f" ({size_text(s.wire)} gz)" if s.wire < s.size else ""),
        s.status_text,
        ratio_text(s.p95, row.floor),
        ratio_text(s.p95, row.admin),
        row.budget,
    ]


HEADERS = [
    "group",
    "what",
    "address",
    "user",
    "c",
    "n",
    "p50",
    "p95",
    "p99",
    "size",
    "status",
    "×floor",
    "×admin",
    "budget",
]


def print_table(rows, users):
    cells = [HEADERS, *[row_cells(row, users) for row in rows]]
    widths = [min(max(len(line[i]) for line in cells), 60) for i in range(len(HEADERS))]
    for line in cells:
        print("  ".join(cell.ljust(width) for cell, width in zip(line, widths, strict=True)).rstrip())


def operation_cells(operation):
    times = operation.times
    return [
        operation.label,
        operation.user,
        str(len(times)),
        f"{statistics.median(times):.2f}" if times else "—",
        f"{max(times):.2f}" if times else "—",
        f"{operation.budget_s:g}" if operation.budget_s else "—",
        operation.mark,
        operation.note,
    ]


OPERATION_HEADERS = ["operation", "user", "n", "median s", "max s", "budget s", "", "note"]


def markdown_table(headers, lines):
    out = ["| " + " | ".join(headers) + " |", "|" + "---|" * len(headers)]
    out += ["| " + " | ".join(cell.replace("|", "\\|") for cell in line) + " |" for line in lines]
    return "\n".join(out)


def per_address(rows):
    """One line per address (group and name), over the users: each level's worst p95 and whose, the statuses of
    all, and every budget missed (with how many users missed it)."""
    levels = sorted({r.level for r in rows})
    low, high = levels[0], levels[-1]
    grouped = defaultdict(list)
    for row in rows:
        grouped[(row.item.group, row.item.label)].append(row)
    lines = []
    for (group, label), members in grouped.items():
        at = {level: [r for r in members if r.level == level] for level in (low, high)}
        worst = {level: max(at[level], key=lambda r: r.stats.p95) for level in (low, high) if at[level]}
        if high not in worst:
            continue
        top = worst[high]
        statuses = Counter()
        misses = Counter()
        for row in members:
            statuses.update(row.stats.statuses)
            misses.update(row.marks)
        status = " ".join(
            str(code) if len(statuses) == 1 else f"{code}×{n}" for code, n in sorted(statuses.items(), key=str)
        )
        users = len({r.item.user for r in members})
        budget = "ref" if group in ("floor", "admin") else "ok"
        if misses:
            budget = "OVER " + ", ".join(
                m if n == len(members) else f"{m} ({n}/{len(members)})" for m, n in misses.items()
            )
        low_row = worst.get(low)
        lines.append(
            [
                group,
                label,
                f"{low_row.stats.p50:.0f}" if low_row else "—",
                f"{low_row.stats.p95:.0f}" if low_row else "—",
                f"{top.stats.p95:.0f}",
                f"{top.stats.p99:.0f}",
                f"{top.item.user}" + (f" (of {users})" if users > 1 else ""),
                size_text(top.stats.size),
                status,
                ratio_text(top.stats.p95, top.floor),
                ratio_text(top.stats.p95, top.admin),
                budget,
            ]
        )
    headers = ["group", "what", f"p50 {low}c", f"p95 {low}c", f"p95 {high}c", f"p99 {high}c", f"slowest at {high}c"]
    headers += ["size", "status", f"×floor {high}c", f"×admin {high}c", "budget (misses of all users and levels)"]
    return headers, lines


def markdown(run, rows, operations, users, notes):
    top_level = max(r.level for r in rows) if rows else 0
    over = [r for r in rows if r.marks]
    errors = [r for r in rows if not r.stats.all_ok]
    measured = [r for r in rows if r.level == top_level and r.item.group not in ("floor", "admin")]
    slowest = sorted(measured, key=lambda r: -r.stats.p95)[:15]
    refs = [r for r in rows if r.item.group in ("floor", "admin") and r.level in (min(run["levels"]), top_level)]
    headers, lines = per_address(rows)
    parts = [
        f"<!-- bench-scale run: {run['key']} -->",
        f"### {run['date']} — {run['dataset']}, {run['database']}, {run['machine']}",
        "",
        f"`{run['command']}`; gunicorn {run['workers']} workers; {run['elapsed']}. {run['load']}",
        "",
        "Data: " + "; ".join(f"{dotted(count)} {name}" for name, count in run["counts"].items()) + ".",
        "",
        markdown_table(
            ["user", "username", "membership", "organisations in scope"],
            [[u.role, f"`{u.user.username}`", u.where, str(u.scope)] for u in users.values()],
        ),
        "",
        f"**{len(over)} of {len(rows)} measurements over a budget**; {len(errors)} with answers other than 200.",
        "",
        "Background and one-off operations:",
        "",
        markdown_table(OPERATION_HEADERS, [operation_cells(o) for o in operations]),
        "",
        "The references (floor and admin):",
        "",
        markdown_table(HEADERS, [row_cells(r, users) for r in refs]),
        "",
        f"Slowest at {top_level} clients (p95):",
        "",
        markdown_table(HEADERS, [row_cells(r, users) for r in slowest]),
        "",
    ]
    if errors:
        parts += ["Answers other than 200:", "", markdown_table(HEADERS, [row_cells(r, users) for r in errors]), ""]
    if notes:
        parts += ["Notes: " + "; ".join(notes) + ".", ""]
    parts += [
        f"<details><summary>Every address ({len(lines)}), the slowest user's figures</summary>",
        "",
        markdown_table(headers, lines),
        "",
        "</details>",
        "",
    ]
    return "\n".join(parts)


RUN_MARK = re.compile(r"^<!-- bench-scale run: (.+?) -->$", re.M)


def write_markdown(path, text, key):
    """Put ``text`` between the markers of ``path``, in place of the earlier run of the same dataset and database
    (``key``); the runs of the others stay."""
    path = Path(path)
    current = path.read_text() if path.exists() else ""
    if MARKER_START in current and MARKER_END in current:
        before, rest = current.split(MARKER_START, 1)
        inside, after = rest.split(MARKER_END, 1)
    else:
        before, inside, after = (current.rstrip() + "\n\n" if current else ""), "", "\n"
    runs = {}
    marks = list(RUN_MARK.finditer(inside))
    for i, mark in enumerate(marks):
        end = marks[i + 1].start() if i + 1 < len(marks) else len(inside)
        runs[mark.group(1)] = inside[mark.start() : end].strip()
    runs[key] = text.strip()
    block = "\n\n".join(runs.values())
    path.write_text(f"{before}{MARKER_START}\n{block}\n{MARKER_END}{after}")
    print(f"wrote the results into {path}")


# --- main ---------------------------------------------------------------------------------------------------------


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--dataset", choices=("scale", "demo"), default="scale")
    parser.add_argument("--factor", type=float, default=None, help="seed_scale's factor (0.02 on SQLite, 1.0 on PG)")
    parser.add_argument("--seed", type=int, default=None, help="seed_scale's random seed (default: its own)")
    parser.add_argument("--reuse", action="store_true", help="skip seeding when the database already holds data")
    parser.add_argument("--clients", default="1,8", help="client levels, e.g. 1,8")
    parser.add_argument("--requests", type=int, default=10, help="requests per address at each client level")
    parser.add_argument("--warmup", type=int, default=2, help="warm-up requests per address")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers")
    parser.add_argument("--timeout", type=int, default=30, help="gunicorn's --timeout (docs/operations.md: 30 s)")
    parser.add_argument("--only", default="", help="regular expression: time only matching addresses")
    parser.add_argument("--roles", default=",".join(ROLES), help="which of the four users, e.g. reporter,superuser")
    parser.add_argument("--user", action="append", default=[], help="ROLE=USERNAME: choose a user yourself")
    parser.add_argument("--password", default=None, help="the users' password (default: the dataset's)")
    parser.add_argument("--export-repeats", type=int, default=2, help="timed exports of each kind")
    parser.add_argument("--report-repeats", type=int, default=2, help="yearly reports per organisation")
    parser.add_argument("--markdown", default=None, help="write the results between the markers of this file")
    parser.add_argument("--json", default=None, help="write every sample's summary to this file")
    parser.add_argument("--keep", action="store_true", help="keep the temporary PHOIHOP_VAR_DIR")
    args = parser.parse_args(argv)
    args.levels = sorted({int(part) for part in args.clients.split(",") if part.strip()})
    args.roles = [role.strip() for role in args.roles.split(",") if role.strip()]
    postgres = os.environ.get("DATABASE_URL", "").startswith(("postgres", "pgsql"))
    if args.factor is None:
        args.factor = 1.0 if postgres else 0.02
    return args


def main(argv=None):
    args = parse_args(argv)
    began = time.monotonic()
    if args.reuse and not os.environ.get("DATABASE_URL"):
        seed = f"-s{args.seed}" if args.seed is not None else ""
        var_dir = Path(tempfile.gettempdir()) / f"phoihop-bench-scale-{args.dataset}-{args.factor:g}{seed}"
        var_dir.mkdir(exist_ok=True)
    else:
        var_dir = Path(tempfile.mkdtemp(prefix="phoihop-bench-scale-"))
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "phoihop.settings.bench",
        "PHOIHOP_VAR_DIR": str(var_dir),
        "SECRET_KEY": os.environ.get("SECRET_KEY") or secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "false",
        "SECURE_HSTS_SECONDS": "0",
        "REQUIRE_2FA_FOR_ADMINS": "false",
    }
    env.pop("STATIC_ROOT", None)
    env.pop("MEDIA_ROOT", None)
    os.environ.update(env)
    import django

    django.setup()
    from django.urls import get_resolver

    get_resolver().url_patterns  # noqa: B018 (loads the URLs: the registries they fill, the map layers)
    print(f"phoihop bench-scale: {args.dataset} dataset, var dir {var_dir}")
    seeded = prepare(args, env, var_dir)
    users = pick_users(args)
    password = args.password or (SCALE_PASSWORD if args.dataset == "scale" else demo_password())
    for bench_user in users.values():
        print(f"  {bench_user.role:9s} {bench_user.user.username:22s} {bench_user.where}; {bench_user.scope} orgs")
    counts = data_counts()
    server = Server(env, args.workers, args.timeout, var_dir)
    operations, rows, notes = [], [], []
    all_samples = {}
    try:
        server.start()
        print(f"gunicorn on {server.base}, {args.workers} workers")
        clients = max(args.levels)
        sessions = {
            role: [login(server, u.user.username, password) for _ in range(clients)] for role, u in users.items()
        }
        for role in users:  # each user's private calendar feed link (the calendar page's button)
            post(server, sessions[role][0], "/work/calendar/", {})
        items, notes = plan_items(args, server, users, sessions)
        print(f"{len(items)} addresses ({len(users)} users); warming up", flush=True)
        if args.warmup:
            run_clients(server, items, sessions, clients, args.warmup, args.timeout)
            # the default cache is each worker's own (locmem): the dashboard is warm once every worker computed it
            dashboards = [item for item in items if item.group == "dashboard"]
            if dashboards:
                run_clients(server, dashboards, sessions, min(clients, args.workers), 3 * args.workers, args.timeout)
        from phoihop.reports.dashboard import data_version

        version = data_version()
        for level in args.levels:
            measured = run_clients(server, items, sessions, level, args.requests, args.timeout, f"{level} clients")
            for key, samples in measured.items():
                all_samples[(key, level)] = samples
        if data_version() != version:
            notes.append("the data changed during the measurements, so some dashboard requests were cold")
        if not args.only or re.search(args.only, "dashboard cold"):
            print("dashboard, cold", flush=True)
            operations += dashboard_cold(args, server, users, sessions)
        if not args.only or re.search(args.only, "export"):
            print("exports", flush=True)
            operations += exports(args, server, users, sessions)
        if not args.only or re.search(args.only, "yearly report"):
            print("yearly reports", flush=True)
            operations += yearly_reports(args, server, users, sessions)
    finally:
        server.stop()
    rows = build_rows(items, all_samples)
    print()
    print_table(rows, users)
    print()
    cells = [OPERATION_HEADERS, *[operation_cells(o) for o in operations]]
    widths = [max(len(line[i]) for line in cells) for i in range(len(OPERATION_HEADERS))]
    for line in cells:
        print("  ".join(cell.ljust(width) for cell, width in zip(line, widths, strict=True)).rstrip())
    over = [r for r in rows if r.marks]
    print(
        f"\n{len(over)} of {len(rows)} measurements over a budget; {sum(not r.stats.all_ok for r in rows)} not all 200"
    )
    for note in notes:
        print(f"note: {note}")
    elapsed = time.monotonic() - began
    seed = f" seed {args.seed}" if args.seed is not None else ""
    dataset = "demo data (seed_demo)" if args.dataset == "demo" else f"seed_scale factor {args.factor:g}{seed}"
    run = {
        "date": datetime.date.today().isoformat(),
        "dataset": dataset,
        "database": database_label(),
        "machine": machine_label(),
        "workers": args.workers,
        "command": "scripts/bench_scale.py " + " ".join(argv if argv is not None else sys.argv[1:]),
        "elapsed": (f"{elapsed / 60:.0f} min" if elapsed >= 120 else f"{elapsed:.0f} s")
        + " in all"
        + (f", seeding {seeded:.0f} s" if seeded else ""),
        "load": f"Load average at the end: {os.getloadavg()[0]:.1f}." if hasattr(os, "getloadavg") else "",
        "counts": counts,
        "levels": args.levels,
        "key": f"{args.dataset}-{args.factor:g}-{database_label().split()[0].lower()}"
        if args.dataset == "scale"
        else f"demo-{database_label().split()[0].lower()}",
    }
    if args.markdown:
        write_markdown(args.markdown, markdown(run, rows, operations, users, notes), run["key"])
    if args.json:
        Path(args.json).write_text(
            json.dumps(
                {
                    "run": run,
                    "rows": [dict(zip(HEADERS, row_cells(r, users), strict=True)) for r in rows],
                    "operations": [dict(zip(OPERATION_HEADERS, operation_cells(o), strict=True)) for o in operations],
                },
                ensure_ascii=False,
                indent=1,
            )
        )
    if not (args.keep or args.reuse) and not os.environ.get("KEEP_VAR_DIR"):
        shutil.rmtree(var_dir, ignore_errors=True)


def demo_password():
    from phoihop.core.management.commands.seed_demo import DEMO_PASSWORD

    return DEMO_PASSWORD


if __name__ == "__main__":
    main()
