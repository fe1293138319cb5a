"""The dashboard panel registry: every module contributes the panels of the leadership dashboard.

A panel computes its figures for a ``core.scope.Scope`` (the user, the scope's subtree, the year) by calling its
app's selectors — the same functions the statistics pages and the report sections call — and adds the URL of the
list behind each number (``Links``). Modules register their panels in ``<app>/dashboard_panels.py`` (discovered by
``ReportsConfig.ready``), with the templates that draw them::

    @register
    class TasksPanel(Panel):
        key = "tasks"
        order = 10
        kpi_template = "work/dashboard/tasks_kpis.html"   # the figures in the top row (optional)
        template = "work/dashboard/tasks.html"            # the cards below (optional)

        def compute(self, scope, links):
            return {"tasks": {...}}                       # merged into the dashboard's figures

The reports app knows no domain model: the dashboard (``reports.dashboard``) only builds the scope, runs the panels
and caches what they return.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from urllib.parse import urlencode

from django.urls import reverse

_REGISTRY: dict[str, type[Panel]] = {}


def register(cls):
    """Class decorator: add a panel to the registry (its ``key`` must be unique)."""
    if cls.key in _REGISTRY and _REGISTRY[cls.key] is not cls:
        raise ValueError(f"Dashboard panel {cls.key!r} is registered twice")
    _REGISTRY[cls.key] = cls
    return cls


def all_panels() -> list[Panel]:
    """Instances of every registered panel, in page order."""
    return [cls() for cls in sorted(_REGISTRY.values(), key=lambda c: (c.order, c.key))]


def ddmmyyyy(day: datetime.date) -> str:
    return day.strftime("%d/%m/%Y")


@dataclass
class Links:
    """URLs of the filtered lists behind the numbers.

    When everything the user may view lies within the scope (``whole``: the usual case of a user's own top
    organisation, and "every organisation"), the list needs no organisation filter — the gate narrows it to
    exactly the records the dashboard counts. Otherwise the list is filtered ``within`` the scope organisation
    (``core.filtersets.BaseFilterSet``: the records concerning it or a unit below it, the scope rule itself), so
    the list holds the rows the number counts. ``scope_param`` says the list is of the scope's records (a number
    of a unit row names its own filter instead). A scope the user may count but not view (an organisation that
    shares its figures as totals only) has no lists: ``url`` gives None and the number is printed without a link.
    """

    scope: object  # the organisation (or ``EVERYTHING``)
    whole: bool
    listable: bool = True

    def url(self, name, scope_param=None, **params):
        if not self.listable:
            return None
        query = {}
        if scope_param and not self.whole and self.scope.pk is not None:
            query["within"] = self.scope.pk
        query.update({k: v for k, v in params.items() if v is not None})
        url = reverse(name)
        return f"{url}?{urlencode(query, doseq=True)}" if query else url


class Panel:
    """Base class of a dashboard panel. Subclasses set ``key``, ``order``, the templates and implement
    ``compute``; ``charts`` adds the data the page's script draws."""

    key: str = ""
    order: int = 100
    kpi_template: str = ""
    template: str = ""

    def compute(self, scope, links: Links) -> dict:
        raise NotImplementedError

    def charts(self, figures: dict) -> dict:
        """{chart name: data} for ``static/phoihop/dashboard.js`` (``figures``: the whole dashboard's)."""
        return {}
