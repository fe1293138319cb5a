"""The section registry: every module contributes the sections of a review report.

A section computes its figures for a :class:`ReportContext` (period, scope, the generating user) through the access
gate, and turns them into Vietnamese prose and annex tables. Figures are plain JSON-serialisable values (ints,
strings, lists, dicts; decimals as strings) so that a generated report stores a snapshot of them.

Modules register their sections in ``<app>/report_sections.py`` (discovered by ``ReportsConfig.ready``)::

    @register
    class TaskSection(Section):
        key = "tasks"
        title = _("Tasks")
        order = 60

        def compute(self, ctx):
            tasks = ctx.scoped(Task.objects.all())
            ...
            return {"total": ..., "previous": {...}}

        def render(self, ctx, figures) -> SectionContent:
            ...
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from functools import reduce
from operator import or_

from django.db.models import Q

from phoihop.core.access import restrict
from phoihop.core.choices import Action
from phoihop.reports.document import SectionContent

_REGISTRY: dict[str, type[Section]] = {}


def register(cls):
    """Class decorator: add a section to the registry (its ``key`` must be unique)."""
    if cls.key in _REGISTRY and _REGISTRY[cls.key] is not cls:
        raise ValueError(f"Report section {cls.key!r} is registered twice")
    _REGISTRY[cls.key] = cls
    return cls


def all_sections() -> list[Section]:
    """Instances of every registered section, in report order."""
    return [cls() for cls in sorted(_REGISTRY.values(), key=lambda c: (c.order, c.key))]


def get_section(key) -> Section:
    return _REGISTRY[key]()


def same_period_last_year(start: datetime.date, end: datetime.date) -> tuple[datetime.date, datetime.date]:
    def shift(day):
        try:
            return day.replace(year=day.year - 1)
        except ValueError:  # 29 February
            return day.replace(year=day.year - 1, day=28)

    return shift(start), shift(end)


@dataclass
class ReportContext:
    """What a section computes for: the generating user, the scope (organisations whose subtrees the report
    covers), the period, and the same period of the previous year ("so với cùng kỳ")."""

    user: object
    organisations: list  # orgs.Organisation: the issuing organisation, or the parties of an agreement
    start: datetime.date
    end: datetime.date
    agreement: object = None  # orgs.Agreement for the review of an agreement
    extra: dict = field(default_factory=dict)

    @property
    def previous(self) -> tuple[datetime.date, datetime.date]:
        return same_period_last_year(self.start, self.end)

    def scope_q(self, model, org_field=None) -> Q:
        """Q over ``model``: records owned by the scope's subtrees (by ``access_org_field`` or ``org_field``)."""
        field_path = org_field or model.access_org_field
        prefix = "" if field_path == "pk" else f"{field_path}__"
        paths = [org.path for org in self.organisations]
        if not paths:
            return Q(pk__in=[])
        return reduce(or_, (Q(**{f"{prefix}path__startswith": path}) for path in paths))

    def scoped(self, queryset, org_field=None, action=Action.COUNT):
        """``queryset`` through the access gate (for the generating user; ``count`` by default so totals-only
        sharing gives figures but never records) and narrowed to the scope. Classified records above the user's
        clearance are left out by the gate."""
        return restrict(queryset, self.user, action).filter(self.scope_q(queryset.model, org_field))

    def in_period(self, queryset, date_field, previous=False):
        start, end = self.previous if previous else (self.start, self.end)
        if date_field.endswith("_at"):  # datetimes: compare on the local date
            return queryset.filter(**{f"{date_field}__date__gte": start, f"{date_field}__date__lte": end})
        return queryset.filter(**{f"{date_field}__gte": start, f"{date_field}__lte": end})


class Section:
    """Base class of a report section. Subclasses set ``key``, ``title``, ``order`` and implement ``compute`` and
    ``render``."""

    key: str = ""
    title = ""
    order: int = 100

    def applies(self, ctx: ReportContext) -> bool:
        """Whether the section belongs in this report (e.g. border sections only when the scope has markers)."""
        return True

    def compute(self, ctx: ReportContext) -> dict:
        raise NotImplementedError

    def render(self, ctx: ReportContext, figures: dict) -> SectionContent:
        raise NotImplementedError
