"""Read helpers of the coordination work — every one starts from the access gate (``restrict``)."""

import datetime
from dataclasses import dataclass, field

from django.db.models import BooleanField, Count, Exists, ExpressionWrapper, IntegerField, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from phoihop.orgs.models import Organisation
from phoihop.work.models import Dissemination, DisseminationSession

# --- dissemination ------------------------------------------------------------------------------------------


def _sessions_of_outer(until=None):
    sessions = DisseminationSession.objects.filter(dissemination=OuterRef("pk"))
    if until is not None:
        sessions = sessions.filter(held_on__lte=until)
    return sessions


def with_dissemination_status(queryset, *, until=None):
    """Annotate dissemination duties with ``session_count``, ``last_held_on`` and ``done`` (at least one
    session, held by ``until`` when given) — subqueries, so a page's query count does not grow with its rows.

    A session's existence is part of the state of the duty it belongs to, so it is counted for every duty
    the caller may see."""
    sessions = _sessions_of_outer(until)
    count = sessions.order_by().values("dissemination").annotate(n=Count("pk")).values("n")[:1]
    return queryset.annotate(
        session_count=Coalesce(Subquery(count, output_field=IntegerField()), Value(0)),
        last_held_on=Subquery(sessions.order_by("-held_on").values("held_on")[:1]),
        done=Exists(sessions),
    )


def dissemination_done_q(until=None):
    """Q over Dissemination: at least one session (held by ``until``)."""
    return Q(Exists(_sessions_of_outer(until)))


def dissemination_overdue_q(today=None, until=None):
    """Q over Dissemination: the deadline has passed and no session was held."""
    today = today or timezone.localdate()
    return Q(deadline__lt=today) & ~dissemination_done_q(until)


def dissemination_rule_targets(user, *, kind, under, today=None):
    """Organisations of ``kind`` below ``under`` (not ``under`` itself) that the user may see and that still
    exist on ``today`` — "every commune party committee under the Provincial Party Committee"."""
    today = today or timezone.localdate()
    return (
        Organisation.objects.restrict(user)
        .filter(kind=kind, path__startswith=under.path)
        .exclude(pk=under.pk)
        .filter(Q(valid_from__isnull=True) | Q(valid_from__lte=today))
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=today))
        .order_by("path")
    )


@dataclass
class CoverageGroup:
    """Totals of one level (organisation depth) or one organisation kind."""

    key: object
    label: str
    total: int = 0
    done: int = 0
    overdue: int = 0
    kinds: list = field(default_factory=list)
    sort_order: int = 0

    @property
    def not_done(self):
        return self.total - self.done

    @property
    def percent(self):
        return round(self.done * 100 / self.total, 1) if self.total else None


@dataclass
class Coverage:
    """Who has disseminated, who has not, who is overdue; with % done by level and by organisation kind."""

    rows: object  # queryset of Dissemination annotated with session_count, last_held_on, done, overdue
    totals: CoverageGroup
    by_level: list
    by_kind: list
    today: datetime.date


def dissemination_coverage(user, *, document=None, date_from=None, date_to=None, assigned_by=None, today=None):
    """Coverage of the dissemination duties ``user`` may see.

    ``document``: of that document only. ``date_from``/``date_to``: duties whose deadline falls in the period
    (duties without a deadline: assigned in the period); a duty then counts as done when a session was held by
    the end of the period. Two queries whatever the number of duties: the rows and one grouped aggregate
    (depth × kind), from which the totals, the levels and the kinds are summed.
    """
    today = today or timezone.localdate()
    queryset = Dissemination.objects.restrict(user)
    if document is not None:
        queryset = queryset.filter(document=document)
    if assigned_by is not None:
        queryset = queryset.filter(assigned_by=assigned_by)
    if date_from is not None:
        queryset = queryset.filter(
            Q(deadline__gte=date_from) | Q(deadline__isnull=True, created_at__date__gte=date_from)
        )
    if date_to is not None:
        queryset = queryset.filter(Q(deadline__lte=date_to) | Q(deadline__isnull=True, created_at__date__lte=date_to))
    queryset = with_dissemination_status(queryset, until=date_to).annotate(
        overdue=ExpressionWrapper(Q(deadline__lt=today) & Q(done=False), output_field=BooleanField())
    )
    rows = queryset.select_related("document", "organisation__kind", "assigned_by").order_by(
        "organisation__depth", "organisation__name", "document__number", "pk"
    )
    groups = (
        queryset.order_by()
        .values(
            "organisation__depth", "organisation__kind_id", "organisation__kind__name", "organisation__kind__sort_order"
        )
        .annotate(
            total=Count("pk"),
            done_n=Count("pk", filter=Q(done=True)),
            overdue_n=Count("pk", filter=Q(overdue=True)),
        )
    )
    totals = CoverageGroup(key=None, label="")
    levels, kinds = {}, {}
    for group in groups:
        depth, kind_id, kind_name = (
            group["organisation__depth"],
            group["organisation__kind_id"],
            group["organisation__kind__name"],
        )
        level = levels.setdefault(depth, CoverageGroup(key=depth, label=str(depth + 1)))
        kind = kinds.setdefault(kind_id, CoverageGroup(key=kind_id, label=kind_name))
        kind.sort_order = group["organisation__kind__sort_order"]
        if kind_name not in level.kinds:
            level.kinds.append(kind_name)
        for bucket in (totals, level, kind):
            bucket.total += group["total"]
            bucket.done += group["done_n"]
            bucket.overdue += group["overdue_n"]
    return Coverage(
        rows=rows,
        totals=totals,
        by_level=[levels[depth] for depth in sorted(levels)],
        by_kind=sorted(kinds.values(), key=lambda g: (g.sort_order, (g.label or "").casefold())),
        today=today,
    )
