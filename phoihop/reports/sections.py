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

from django.db.models import Q
from django.utils.translation import gettext_lazy

from phoihop.core.access import classification_path
from phoihop.core.choices import Action
from phoihop.core.scope import Scope
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


def snapshot(value):
    """Figures as plain JSON values: decimals as strings without trailing zeros ("12.5", "3840"), dates as ISO
    strings, tuples as lists — what a report stores and renders from."""
    from decimal import Decimal

    from phoihop.reports.prose import decimal_str

    if isinstance(value, dict):
        return {key: snapshot(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [snapshot(item) for item in value]
    if isinstance(value, Decimal):
        return decimal_str(value)
    if isinstance(value, datetime.date):
        return value.isoformat()
    return value


def same_period_last_year(start: datetime.date, end: datetime.date) -> tuple[datetime.date, datetime.date]:
    def shift(day):
        try:
            return day.replace(year=day.year - 1)
        except ValueError:  # 29 February
            return day.replace(year=day.year - 1, day=28)

    return shift(start), shift(end)


def previous_period_of_same_length(start: datetime.date, end: datetime.date) -> tuple[datetime.date, datetime.date]:
    length = end - start
    previous_end = start - datetime.timedelta(days=1)
    return previous_end - length, previous_end


def comparison_period(start: datetime.date, end: datetime.date) -> tuple[datetime.date, datetime.date]:
    """What a report compares its period with: the same period of the previous year ("so với cùng kỳ") for a
    period of a year or less (month, quarter, six months, year); for a longer review (a regulation's several
    years) the previous period of the same length, which does not overlap it."""
    if is_multi_year(start, end):
        return previous_period_of_same_length(start, end)
    return same_period_last_year(start, end)


def is_multi_year(start: datetime.date, end: datetime.date) -> bool:
    return (end - start).days >= 366


@dataclass
class ReportContext(Scope):
    """What a section computes for: a ``core.scope.Scope`` (the generating user, the organisations whose subtrees
    the report covers — the issuing organisation, or the parties of an agreement —, the period and its comparison
    period) with the report's agreement. Sections call their app's selectors with it, as the pages and the dashboard
    do."""

    agreement: object = None  # orgs.Agreement for the review of an agreement
    extra: dict = field(default_factory=dict)

    def __post_init__(self):
        if self.compare_start is None and self.start is not None and self.end is not None:
            self.compare_start, self.compare_end = comparison_period(self.start, self.end)

    @property
    def previous(self) -> tuple[datetime.date, datetime.date]:
        return (self.compare_start, self.compare_end)

    @property
    def multi_year(self) -> bool:
        return is_multi_year(self.start, self.end)

    def gate(self, queryset, action=Action.COUNT):
        """The access gate; for the review of an agreement, the records of every party's subtree are *counted* even
        where the generating user's gate would leave another party out: the agreement is what the parties report
        on together, so the two parties' reports of the same agreement and period hold the same figures. Totals
        only: the user's clearance still applies, people's personal data keeps its own permission, and whatever
        names records (the ``view`` action) goes through the gate as everywhere."""
        model = queryset.model
        owned = getattr(model, "access_org_field", None) is not None and getattr(model, "access_scope", None) is None
        if (
            self.agreement is None
            or action != Action.COUNT
            or not owned
            or getattr(model, "access_personal_data", False)
        ):
            return super().gate(queryset, action)
        if self.user is None or not getattr(self.user, "is_active", False):
            return queryset.none()
        counted = queryset.filter(self.concerning_q(model))
        level = classification_path(model)
        if level:
            counted = counted.filter(**{f"{level}__lte": self.user.clearance})
        return counted

    def scope_q(self, model, org_field=None) -> Q:
        """Q over ``model``: the scope rule (``Scope.concerning_q``), on ``org_field`` alone when given."""
        return self.concerning_q(model, (org_field,) if org_field else None)

    def scoped(self, queryset, org_field=None, action=Action.COUNT):
        """``queryset`` through the access gate (``count`` by default, so totals-only sharing gives figures but
        never records) and narrowed by the scope rule. Classified records above the user's clearance are left out
        by the gate."""
        return self.records(queryset, fields=(org_field,) if org_field else None, action=action)


@dataclass(frozen=True)
class Field:
    """A field of coordination of the regulation: the sub-parts of "Phần I — Kết quả thực hiện"."""

    key: str
    title: object
    order: int
    #: what the drafter is asked for when the system holds no data for the field yet
    prompt: object


FIELDS = (
    Field(
        "direction",
        gettext_lazy("Leadership, direction and organisation of the implementation"),
        10,
        gettext_lazy("the leadership and direction of the implementation of the regulation"),
    ),
    Field(
        "propaganda",
        gettext_lazy("Thorough grasp, dissemination and propaganda"),
        20,
        gettext_lazy("the results of the dissemination and propaganda"),
    ),
    Field(
        "cadres",
        gettext_lazy("Cadre work and Party building"),
        30,
        gettext_lazy(
            "the coordination in cadre work (planning, training, rotation, appointments) and in building the Party "
            "organisations of the border posts and border communes"
        ),
    ),
    Field(
        "border",
        gettext_lazy("Management and protection of the border and the national border markers"),
        40,
        gettext_lazy("the management and protection of the border and its markers"),
    ),
    Field(
        "development",
        gettext_lazy("Socio-economic development, programmes and projects in the border area"),
        50,
        gettext_lazy("the socio-economic development, programmes and projects in the border area"),
    ),
    Field(
        "movements",
        gettext_lazy("Mass movements, twinning, visits and gifts"),
        60,
        gettext_lazy("the mass movements, twinning and visits"),
    ),
    Field(
        "crime",
        gettext_lazy("Prevention and combat of crime, security and order in the border area"),
        70,
        gettext_lazy(
            "the coordination in preventing and combating crime (drugs, smuggling, trafficking in persons, illegal "
            "exit and entry) and keeping security and order in the border area"
        ),
    ),
)


def fields() -> list[Field]:
    return sorted(FIELDS, key=lambda f: f.order)


class Section:
    """Base class of a report section. Subclasses set ``key``, ``title``, ``order``, the ``field`` of
    coordination it reports on (``FIELDS``; "scope" for the introduction) and implement ``compute`` and ``render``.
    ``strengths``, ``shortcomings`` and ``directions`` contribute sentences drafted from the figures to the general
    evaluation (ưu điểm; hạn chế) and to Phần II (phương hướng, nhiệm vụ)."""

    key: str = ""
    title = ""
    order: int = 100
    field: str = "direction"

    def strengths(self, ctx: ReportContext, figures: dict) -> list[str]:
        return []

    def shortcomings(self, ctx: ReportContext, figures: dict) -> list[str]:
        """Shortcomings the figures show, each naming the units concerned."""
        return []

    def directions(self, ctx: ReportContext, figures: dict) -> list[str]:
        """Tasks for the coming period the figures call for (open work, targets not yet met)."""
        return []

    def applies(self, ctx: ReportContext) -> bool:
        """Whether the section belongs in this report (e.g. border sections only when the scope has markers)."""
        return True

    def compute(self, ctx: ReportContext) -> dict:
        raise NotImplementedError

    def render(self, ctx: ReportContext, figures: dict) -> SectionContent:
        raise NotImplementedError
