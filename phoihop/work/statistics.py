"""Statistics of the coordination work, computed with aggregate queries through the access gate.

They use the ``count`` action: an organisation that receives another's figures as "totals only" (a sharing
rule) sees them counted here, without seeing the records themselves.
"""

import datetime

from django.db.models import Count, Q, Sum
from django.db.models.functions import TruncMonth
from django.utils import timezone

from phoihop.core.choices import Action
from phoihop.work.choices import OPEN_STATUSES, TaskStatus, UnitRole
from phoihop.work.models import Dissemination, OutreachSession, Task, TaskUnit


def task_statistics(user, date_from=None, date_to=None, organisation=None):
    tasks = Task.objects.restrict(user, Action.COUNT)
    if date_from:
        tasks = tasks.filter(deadline_in_force__gte=date_from)
    if date_to:
        tasks = tasks.filter(deadline_in_force__lte=date_to)
    if organisation is not None:
        tasks = tasks.filter(
            pk__in=TaskUnit.objects.filter(organisation__path__startswith=organisation.path).values("task_id")
        )
    today = timezone.localdate()
    by_status = {row["status"]: row["n"] for row in tasks.order_by().values("status").annotate(n=Count("pk"))}
    status_rows = [(label, by_status.get(value, 0), value) for value, label in TaskStatus.choices]
    lead_units = (
        TaskUnit.objects.filter(task__in=tasks, role=UnitRole.LEAD)
        .order_by()
        .values("organisation__name", "organisation_id")
        .annotate(
            total=Count("task", distinct=True),
            done=Count("task", filter=Q(task__status=TaskStatus.DONE), distinct=True),
            on_time=Count("task", filter=Q(task__status=TaskStatus.DONE, task__completed_on_time=True), distinct=True),
            overdue=Count(
                "task", filter=Q(task__status__in=OPEN_STATUSES, task__deadline_in_force__lt=today), distinct=True
            ),
        )
        .order_by("organisation__name")
    )
    unit_rows = [
        {**row, "on_time_rate": round(100 * row["on_time"] / row["done"], 1) if row["done"] else None}
        for row in lead_units
    ]
    return {"total": sum(by_status.values()), "by_status": status_rows, "by_unit": unit_rows}


def outreach_statistics(user, date_from=None, date_to=None):
    sessions = OutreachSession.objects.restrict(user, Action.COUNT)
    if date_from:
        sessions = sessions.filter(held_on__gte=date_from)
    if date_to:
        sessions = sessions.filter(held_on__lte=date_to)
    ids = sessions.values("pk")
    totals = OutreachSession.objects.filter(pk__in=ids).aggregate(sessions=Count("pk"), audience=Sum("audience"))
    by_topic = (
        OutreachSession.objects.filter(pk__in=ids)
        .order_by()
        .values("topics__name")
        .annotate(sessions=Count("pk", distinct=True), audience=Sum("audience"))
        .order_by("-sessions")
    )
    by_language = (
        OutreachSession.objects.filter(pk__in=ids)
        .order_by()
        .values("languages__name")
        .annotate(sessions=Count("pk", distinct=True), audience=Sum("audience"))
        .order_by("-sessions")
    )
    by_month = (
        OutreachSession.objects.filter(pk__in=ids)
        .annotate(month=TruncMonth("held_on"))
        .order_by("month")
        .values("month")
        .annotate(sessions=Count("pk"), audience=Sum("audience"))
    )
    return {
        "sessions": totals["sessions"] or 0,
        "audience": totals["audience"] or 0,
        "by_topic": [r for r in by_topic if r["topics__name"]],
        "by_language": [r for r in by_language if r["languages__name"]],
        "by_month": list(by_month),
    }


def dissemination_statistics(user, date_from=None, date_to=None):
    duties = Dissemination.objects.restrict(user, Action.COUNT)
    if date_from:
        duties = duties.filter(deadline__gte=date_from)
    if date_to:
        duties = duties.filter(deadline__lte=date_to)
    today = timezone.localdate()
    done = Q(sessions__deleted_at__isnull=True, sessions__isnull=False)
    figures = duties.aggregate(
        total=Count("pk", distinct=True),
        done=Count("pk", filter=done, distinct=True),
    )
    overdue = duties.filter(deadline__lt=today).exclude(pk__in=duties.filter(done).values("pk")).count()
    total, finished = figures["total"] or 0, figures["done"] or 0
    return {
        "total": total,
        "done": finished,
        "not_done": total - finished,
        "overdue": overdue,
        "rate": round(100 * finished / total, 1) if total else None,
    }


def month_label(value: datetime.date) -> str:
    return value.strftime("%m/%Y") if value else ""
