"""The leadership dashboard: figures of one organisation's scope (its whole subtree) for one year, cached.

The panels are plug-ins (``reports.panels``): each app's ``dashboard_panels.py`` computes its figures by calling its
own selectors over a ``core.scope.Scope`` — the scope rule every figure follows (the gate with the ``count`` action,
then the records owned by or involving an organisation of the subtree) — so a member of the scope's top
organisation sees exactly the records counted here, and the statistics pages and the report sections print the
same numbers. "Every organisation you may see" (``EVERYTHING``) drops the subtree filter. This module builds the
scope, runs the panels and caches what they return; it knows no domain model.

Queries: a fixed number whatever the number of records, organisations and programmes (about thirty on a cache miss,
about ten on a hit, page included). Every number carries the URL of the list behind it, with that list's own filter
parameters (``panels.Links``).

Cache (``django.core.cache``): the key holds the user's access signature (memberships with their roles, clearance,
superuser flag, the sharing rules that benefit them), the scope, the year, the language, today's date (overdue
figures move with it) and the data version: the latest history entry (``audit.ChangeRecord``: every create, update,
delete and restore through the services writes one, bulk approvals of figures too) and the latest change of the
models the panels name in ``version_models`` (``updated_at``), so any write shows at once.
"""

import datetime
import hashlib
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from phoihop.audit.models import ChangeRecord
from phoihop.core.access import member_paths, memberships, sharing_rules
from phoihop.core.choices import Action
from phoihop.core.scope import Scope, countable_organisations
from phoihop.orgs.models import Organisation
from phoihop.reports.panels import Links, all_panels

CACHE_PREFIX = "phoihop:dashboard:v2:"
#: a safety net only: every write changes the key anyway
CACHE_SECONDS = getattr(settings, "DASHBOARD_CACHE_SECONDS", 15 * 60)
YEARS_BACK = 10


# --- scope --------------------------------------------------------------------------------------------------------


def shared_rules(user):
    """The sharing rules that benefit ``user``, as the access gate reads them (``core.access.sharing_rules``)."""
    return sharing_rules(user)


@dataclass(frozen=True)
class Everything:
    """The scope "every organisation the user may see": no subtree filter, the gate alone."""

    pk: None = None
    path: str = ""
    code: str = ""

    @property
    def name(self):
        return str(_("All organisations you may see"))


EVERYTHING = Everything()


def scope_choices(user, rules=None):
    """The organisations a dashboard may be drawn for (``core.scope.countable_organisations``)."""
    return countable_organisations(user, rules if rules is not None else shared_rules(user))


def default_scope(user, choices=None):
    """The user's top membership organisation (the shallowest, then the first by path); for a superuser without
    memberships, the first top-level organisation."""
    paths = member_paths(user)
    choices = choices if choices is not None else scope_choices(user)
    if paths:
        top = min(paths, key=lambda p: (p.count("/"), p))
        found = choices.filter(path=top).first()
        if found is not None:
            return found
    return choices.order_by("depth", "path").first()


def year_choices(today=None):
    today = today or timezone.localdate()
    return list(range(today.year + 1, today.year - YEARS_BACK - 1, -1))


def figure_scope(user, scope, year, today) -> Scope:
    """The ``core.scope.Scope`` of the dashboard: the organisation's subtree (none for ``EVERYTHING``), the year."""
    return Scope(
        user=user,
        organisations=[] if scope.pk is None else [scope],
        start=datetime.date(year, 1, 1),
        end=datetime.date(year, 12, 31),
        today=today,
    )


# --- cache --------------------------------------------------------------------------------------------------------


def access_signature(user, rules=None) -> tuple:
    """What the gate's answer depends on for ``user``: memberships with their roles, clearance, the superuser flag
    and the sharing rules that benefit them (the dashboard shows no personal data, so that permission is left out).
    """
    rows = sorted((path, int(role)) for path, role in memberships(user))
    rules = rules if rules is not None else shared_rules(user)
    return (tuple(rows), int(user.clearance or 0), bool(user.is_superuser), tuple(r[0] for r in rules))


def data_version() -> tuple:
    """Changes on every write: the latest history entry and the latest change of the models the panels name in
    ``version_models``. One query."""
    quote = connection.ops.quote_name
    parts = [f"(SELECT MAX({quote('id')}) FROM {quote(ChangeRecord._meta.db_table)})"]
    models = sorted({m for panel in all_panels() for m in getattr(panel, "version_models", ())}, key=str)
    parts += [f"(SELECT MAX({quote('updated_at')}) FROM {quote(m._meta.db_table)})" for m in models]
    with connection.cursor() as cursor:
        cursor.execute("SELECT " + ", ".join(parts))
        row = cursor.fetchone()
    return (row[0], *(str(value) for value in row[1:]))


def cache_key(user, scope, year, today, rules=None) -> str:
    parts = (
        access_signature(user, rules),
        scope.pk,
        scope.path,
        year,
        translation.get_language(),
        today.isoformat(),
        data_version(),
    )
    return CACHE_PREFIX + hashlib.sha256(repr(parts).encode()).hexdigest()


def dashboard(user, scope, year, today=None, rules=None) -> dict:
    """The dashboard's figures, from the cache when nothing changed since they were computed."""
    today = today or timezone.localdate()
    rules = rules if rules is not None else shared_rules(user)
    key = cache_key(user, scope, year, today, rules)
    figures = cache.get(key)
    if figures is None:
        figures = compute(user, scope, year, today, rules)
        figures["cached"] = False
        cache.set(key, {**figures, "cached": True}, CACHE_SECONDS)
    return figures


# --- links --------------------------------------------------------------------------------------------------------


def covers_everything_visible(user, scope, rules) -> bool:
    """Whether every organisation the user may view (their subtrees, and the owners of "full" sharing rules) lies
    within the scope. "Totals only" rules add nothing to the lists, so they do not count here."""
    if any(mode == "full" and not path.startswith(scope.path) for _pk, _ct, mode, _sub, path, _owner in rules):
        return False
    if not scope.path:
        return True
    return not Organisation.objects.restrict(user, Action.VIEW).exclude(path__startswith=scope.path).exists()


def may_list(user, scope) -> bool:
    """Whether the lists can show the scope's records: the user may view the scope organisation itself (not only
    count it through a "totals only" sharing rule)."""
    if scope.pk is None:
        return True
    return Organisation.objects.restrict(user, Action.VIEW).filter(pk=scope.pk).exists()


# --- the whole dashboard ------------------------------------------------------------------------------------------


def compute(user, scope, year, today=None, rules=None) -> dict:
    """Every panel for ``scope``'s subtree in ``year``, through the gate; plain data (cacheable, JSON-ready but
    for dates and decimals)."""
    today = today or timezone.localdate()
    rules = rules if rules is not None else shared_rules(user)
    links = Links(scope=scope, whole=covers_everything_visible(user, scope, rules), listable=may_list(user, scope))
    figures = {
        "scope": {"id": scope.pk, "name": scope.name, "code": scope.code},
        "year": year,
        "today": today,
        "whole": links.whole,
        "listable": links.listable,
    }
    period = figure_scope(user, scope, year, today)
    for panel in all_panels():
        figures.update(panel.compute(period, links))
    return figures


def charts(figures) -> dict:
    """The data the page's script draws (json_script "dashboard-charts"): raw numbers, labels and list URLs."""
    data = {
        "strings": {"tasks": _("Tasks"), "markers": _("Markers"), "sessions": _("Sessions"), "audience": _("Audience")}
    }
    for panel in all_panels():
        data.update(panel.charts(figures))
    return data
