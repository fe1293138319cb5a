"""Read helpers and figures of the coordination work — every one starts from the access gate (``restrict``).

The figures (tasks, dissemination, outreach, documents) take a ``core.scope.Scope`` and are defined here once: the
statistics page and its API, the dashboard panels (``dashboard_panels.py``) and the report sections
(``report_sections.py``) call them."""

import datetime
from dataclasses import dataclass, field

from django.db.models import (
    BooleanField,
    Count,
    Exists,
    ExpressionWrapper,
    IntegerField,
    OuterRef,
    Q,
    Subquery,
    Sum,
    Value,
)
from django.db.models.functions import Coalesce, TruncMonth
from django.utils import timezone

from phoihop.core.choices import Action
from phoihop.core.numbers import rate
from phoihop.orgs.models import Organisation
from phoihop.work.choices import OPEN_STATUSES, TaskRole, TaskStatus, UnitRole
from phoihop.work.models import Dissemination, DisseminationSession, Document, OutreachSession, Task, TaskUnit

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


# --- figures: every page, panel, API and report section that prints one of these calls the function here ---------


_rate = rate


def scope_tasks(scope, role=TaskRole.ANY, action=Action.COUNT):
    """The tasks of ``scope`` (a ``core.scope.Scope``) through the gate, by how they concern its organisations:
    ``any`` (assigned by one, or with one among the units — the gate's own rule), ``assigning``, ``lead`` or
    ``coordinating``. No period filter."""
    tasks = scope.gate(Task.objects.all(), action)
    role = TaskRole(role or TaskRole.ANY)
    if role == TaskRole.ANY:
        return tasks.filter(scope.concerning_q(Task))
    if role == TaskRole.ASSIGNING:
        return tasks.filter(scope.concerning_q(Task, fields=("assigned_by_org",)))
    units = TaskUnit.objects.filter(role=UnitRole.LEAD if role == TaskRole.LEAD else UnitRole.COORDINATING)
    if not scope.everything:
        units = units.filter(organisation__in=scope.organisation_ids())
    return tasks.filter(pk__in=units.values("task_id"))


def task_figures(scope, role=TaskRole.ANY, *, by_unit=True) -> dict:
    """The task figures of ``scope``: the tasks whose deadline in force falls in the period.

    * ``total`` — those not cancelled (``cancelled`` apart); ``by_status`` — every status, cancelled included;
    * ``done`` — accepted; ``on_time`` — accepted by the deadline in force; ``late`` — accepted after it;
    * ``overdue`` — still open after the deadline (as at ``scope.today``); ``open`` — open within the deadline;
    * ``completion`` = done / total, ``on_time_rate`` = on time / done (percent, one decimal; None over zero);
    * ``new`` — assigned (created) in the period; ``from_clauses`` — due ones implementing an agreement's article;
    * ``done_ahead`` — accepted in the period although due after it (with a period end);
    * ``by_unit`` — the same per lead unit (id, name), by name;
    * ``previous`` — total, done, on time and on-time rate over the comparison period, when the scope has one.

    Three queries (four with the units), whatever the number of tasks."""
    today = scope.today
    tasks = scope_tasks(scope, role)
    due = scope.period_q("deadline_in_force")
    live, done = ~Q(status=TaskStatus.CANCELLED), Q(status=TaskStatus.DONE)
    on_time = done & Q(completed_on_time=True)
    overdue = Q(status__in=OPEN_STATUSES, deadline_in_force__lt=today)
    open_in_time = Q(status__in=OPEN_STATUSES, deadline_in_force__gte=today)
    aggregates = {
        "total": Count("pk", filter=due & live),
        "done": Count("pk", filter=due & done),
        "on_time": Count("pk", filter=due & on_time),
        "overdue": Count("pk", filter=due & overdue),
        "open": Count("pk", filter=due & open_in_time),
        "cancelled": Count("pk", filter=due & ~live),
        "from_clauses": Count("pk", filter=due & live & Q(clause__isnull=False)),
        "new": Count("pk", filter=scope.period_q("created_at")),
    }
    if scope.end is not None:
        # accepted in the period although due after it: finished ahead of time
        aggregates["done_ahead"] = Count(
            "pk", filter=done & Q(deadline_in_force__gt=scope.end) & scope.period_q("completed_on")
        )
    if scope.has_comparison:
        before = scope.period_q("deadline_in_force", previous=True)
        aggregates.update(
            previous_total=Count("pk", filter=before & live),
            previous_done=Count("pk", filter=before & done),
            previous_on_time=Count("pk", filter=before & on_time),
        )
    figures = tasks.aggregate(**aggregates)
    statuses = {
        row["status"]: row["n"] for row in tasks.filter(due).order_by().values("status").annotate(n=Count("pk"))
    }
    figures["by_status"] = [
        {"value": value, "label": str(label), "count": statuses.get(value, 0)} for value, label in TaskStatus.choices
    ]
    figures["late"] = figures["done"] - figures["on_time"]
    figures["completion"] = _rate(figures["done"], figures["total"])
    figures["on_time_rate"] = _rate(figures["on_time"], figures["done"])
    if scope.has_comparison:
        previous = {key: figures.pop(f"previous_{key}") for key in ("total", "done", "on_time")}
        previous["on_time_rate"] = _rate(previous["on_time"], previous["done"])
        figures["previous"] = previous
    if by_unit:
        figures["by_unit"] = task_figures_by_lead_unit(tasks.filter(due & live), today)
    return figures


def task_figures_by_lead_unit(tasks, today) -> list[dict]:
    """Per lead unit of ``tasks``: total, done, on time, late, overdue, on-time rate; by name. One query."""
    rows = (
        TaskUnit.objects.filter(task__in=tasks.values("pk"), role=UnitRole.LEAD)
        .order_by()
        .values("organisation_id", "organisation__name")
        .annotate(
            total=Count("task", distinct=True),
            done=Count("task", filter=Q(task__status=TaskStatus.DONE), distinct=True),
            on_time=Count("task", filter=Q(task__status=TaskStatus.DONE, task__completed_on_time=True), distinct=True),
            overdue=Count(
                "task", filter=Q(task__status__in=OPEN_STATUSES, task__deadline_in_force__lt=today), distinct=True
            ),
        )
        .order_by("organisation__name", "organisation_id")
    )
    return [
        {
            "id": row["organisation_id"],
            "name": row["organisation__name"],
            "total": row["total"],
            "done": row["done"],
            "on_time": row["on_time"],
            "late": row["done"] - row["on_time"],
            "overdue": row["overdue"],
            "on_time_rate": _rate(row["on_time"], row["done"]),
        }
        for row in rows
    ]


def scope_duties(scope, action=Action.COUNT):
    """The dissemination duties of ``scope``: of one of its organisations or assigned by one."""
    return scope.records(Dissemination.objects.all(), action=action)


def dissemination_figures(scope) -> dict:
    """Coverage of the dissemination duties of ``scope`` whose deadline falls in the period.

    ``done`` — a session was held by the end of the period (the state at the end of the period, not today's);
    ``overdue`` — past the deadline (as at ``scope.today``) and not done; ``rate`` = done / total; ``documents`` —
    the documents concerned; ``previous`` — total and done over the comparison period."""
    due = scope.period_q("deadline")
    done = dissemination_done_q(until=scope.end)
    overdue = Q(deadline__lt=scope.today) & ~done
    duties = scope_duties(scope)
    aggregates = {
        "total": Count("pk", filter=due),
        "done": Count("pk", filter=due & done),
        "overdue": Count("pk", filter=due & overdue),
        "documents": Count("document", filter=due, distinct=True),
    }
    if scope.has_comparison:
        before = scope.period_q("deadline", previous=True)
        aggregates.update(
            previous_total=Count("pk", filter=before),
            previous_done=Count("pk", filter=before & dissemination_done_q(until=scope.compare_end)),
        )
    figures = duties.aggregate(**aggregates)
    figures["not_done"] = figures["total"] - figures["done"]
    figures["rate"] = _rate(figures["done"], figures["total"])
    if scope.has_comparison:
        previous = {key: figures.pop(f"previous_{key}") for key in ("total", "done")}
        previous["rate"] = _rate(previous["done"], previous["total"])
        figures["previous"] = previous
    return figures


def dissemination_laggards(scope, limit=None) -> list[dict]:
    """The organisations of ``scope`` with duties due in the period and not done by its end, the most first:
    (id, name, not done, overdue) — every duty the scope counts: an organisation is named as the unit the figures
    are counted by (as on the dashboard's rows by unit), never the duties themselves, so both parties of an
    agreement name the same units."""
    due = scope.period_q("deadline")
    done = dissemination_done_q(until=scope.end)
    rows = (
        scope_duties(scope)
        .filter(due)
        .exclude(done)
        .order_by()
        .values("organisation_id", "organisation__name")
        .annotate(not_done=Count("pk"), overdue=Count("pk", filter=Q(deadline__lt=scope.today)))
        .order_by("-not_done", "organisation__name")
    )
    rows = [
        {
            "id": r["organisation_id"],
            "name": r["organisation__name"],
            "not_done": r["not_done"],
            "overdue": r["overdue"],
        }
        for r in rows
    ]
    return rows[:limit] if limit else rows


def scope_outreach(scope, action=Action.COUNT):
    """The outreach sessions of ``scope``: owned or organised by one of its organisations."""
    return scope.records(OutreachSession.objects.all(), action=action)


def outreach_figures(scope) -> dict:
    """Outreach sessions of ``scope`` held in the period: sessions, audience; by topic, by language, by month;
    ``previous`` — sessions and audience over the comparison period. Five queries."""
    ids = scope_outreach(scope).filter(scope.period_q("held_on")).values("pk")
    held = OutreachSession.objects.filter(pk__in=ids)
    totals = held.aggregate(
        sessions=Count("pk"),
        audience=Sum("audience"),
        copies=Sum("materials_count"),
        communes=Count("commune", distinct=True),
        villages=Count("village", distinct=True),
    )

    def grouped(name):
        rows = (
            held.order_by()
            .values(name)
            .annotate(sessions=Count("pk", distinct=True), audience=Sum("audience"))
            .order_by("-sessions", name)
        )
        return [{"name": r[name], "sessions": r["sessions"], "audience": r["audience"] or 0} for r in rows if r[name]]

    months = {}
    for row in (
        held.annotate(month=TruncMonth("held_on"))
        .order_by()
        .values("month")
        .annotate(sessions=Count("pk"), audience=Sum("audience"))
    ):
        month = row["month"]
        month = month.date() if isinstance(month, datetime.datetime) else month
        months[month] = {"month": month, "sessions": row["sessions"], "audience": row["audience"] or 0}
    figures = {
        "sessions": totals["sessions"] or 0,
        "audience": totals["audience"] or 0,
        "copies": totals["copies"] or 0,
        "communes": totals["communes"],
        "villages": totals["villages"],
        "by_topic": grouped("topics__name"),
        "by_language": grouped("languages__name"),
        "by_month": [months[m] for m in sorted(months)],
    }
    if scope.has_comparison:
        before = OutreachSession.objects.filter(
            pk__in=scope_outreach(scope).filter(scope.period_q("held_on", previous=True)).values("pk")
        ).aggregate(sessions=Count("pk"), audience=Sum("audience"))
        figures["previous"] = {"sessions": before["sessions"] or 0, "audience": before["audience"] or 0}
    return figures


def dissemination_by_document(scope) -> dict:
    """The duties due in the period per document (number, subject, total, done by the end of the period, coverage):
    every duty the scope counts, grouped under its document when the user may *view* the document; the duties of
    documents they may not view (totals-only sharing, a higher classification) are left to ``unnamed`` by the
    caller (the total minus ``named_total``), so the rows add up to the same figures whichever party reports."""
    due = scope.period_q("deadline")
    done = dissemination_done_q(until=scope.end)
    grouped = list(
        scope_duties(scope)
        .filter(due)
        .order_by()
        .values("document_id")
        .annotate(total=Count("pk"), done=Count("pk", filter=done))
    )
    documents = {
        document.pk: {"number": document.number, "subject": document.name_or_register_label(document.subject)}
        for document in scope.gate(Document.objects.filter(pk__in=[r["document_id"] for r in grouped]), Action.VIEW)
        .order_by()
        .only("pk", "number", "subject", "classification")
    }  # a classified document that is a register entry is named by its neutral label, never by a subject
    rows = sorted(
        (
            {
                "number": documents[r["document_id"]]["number"],
                "subject": documents[r["document_id"]]["subject"],
                "total": r["total"],
                "done": r["done"],
                "coverage": _rate(r["done"], r["total"]),
            }
            for r in grouped
            if r["document_id"] in documents
        ),
        key=lambda row: (row["number"], row["subject"]),
    )
    return {
        "rows": rows,
        "named_total": sum(r["total"] for r in rows),
        "named_done": sum(r["done"] for r in rows),
    }


def dissemination_session_figures(scope) -> dict:
    """Dissemination sessions held in the period: sessions, participants, attendance (participants ÷ expected);
    ``previous``: sessions and participants over the comparison period."""
    sessions = scope.records(DisseminationSession.objects.all())
    held = scope.period_q("held_on")
    aggregates = {
        "held": Count("pk", filter=held),
        "attended": Sum("participants", filter=held),
        "invited": Sum("expected", filter=held),
    }
    if scope.has_comparison:
        before = scope.period_q("held_on", previous=True)
        aggregates.update(
            previous_held=Count("pk", filter=before), previous_attended=Sum("participants", filter=before)
        )
    totals = sessions.aggregate(**aggregates)
    figures = {
        "sessions": totals["held"],
        "participants": totals["attended"] or 0,
        "attendance": _rate(totals["attended"] or 0, totals["invited"] or 0),
    }
    if scope.has_comparison:
        figures["previous"] = {
            "sessions": totals["previous_held"],
            "participants": totals["previous_attended"] or 0,
        }
    return figures


def document_figures(scope) -> dict:
    """Documents *issued* (owned) by the scope's organisations and signed in the period, by type; ``implementing``:
    those implementing a document of the higher level; ``previous``: the total over the comparison period."""
    from phoihop.work.choices import RelationKind

    now = scope.period_q("signed_on")
    before = scope.period_q("signed_on", previous=True) if scope.has_comparison else Q(pk__in=[])
    documents = scope.records(Document.objects.all(), fields=("owner",)).filter(now | before)
    rows = list(
        documents.order_by()
        .values("doc_type__name", "doc_type__sort_order")
        .annotate(count=Count("pk", filter=now), previous=Count("pk", filter=before))
        .order_by("doc_type__sort_order", "doc_type__name")
    )
    implementing = Q(relations_out__kind=RelationKind.IMPLEMENTS, relations_out__deleted_at__isnull=True)
    return {
        "total": sum(row["count"] for row in rows),
        "implementing": documents.filter(now & implementing).values("pk").distinct().count(),
        "by_type": [
            {"name": row["doc_type__name"], "count": row["count"], "previous": row["previous"]}
            for row in rows
            if row["count"] or row["previous"]
        ],
        "previous": {"total": sum(row["previous"] for row in rows)},
    }


def open_conclusions(scope, limit=None) -> list[dict]:
    """The conclusions of the review conferences of the scope held by the end of the period that are not done yet:
    no task carries them out, or one of their tasks is still open. Named rows: only what the user may view."""
    from phoihop.work.models import Conclusion

    end = scope.end or scope.today
    tasks = Task.objects.filter(conclusion=OuterRef("pk"), deleted_at__isnull=True)
    rows = (
        scope.records(Conclusion.objects.all(), action=Action.VIEW)
        .filter(conference__held_on__lte=end, conference__deleted_at__isnull=True)
        .annotate(
            has_task=Exists(tasks.exclude(status=TaskStatus.CANCELLED)),
            has_open=Exists(tasks.filter(status__in=OPEN_STATUSES)),
        )
        .filter(Q(has_task=False) | Q(has_open=True))
        .order_by("conference__held_on", "conference_id", "number")
        .values("number", "text", "conference__held_on", "conference__agreement__number", "has_task")
    )
    rows = rows[:limit] if limit else rows
    return [
        {
            "number": row["number"],
            "text": row["text"][:160],
            "held_on": row["conference__held_on"].isoformat(),
            "agreement": row["conference__agreement__number"],
            "has_task": row["has_task"],
        }
        for row in rows
    ]
