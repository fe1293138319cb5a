"""The leadership dashboard: figures of one organisation's scope (its whole subtree) for one year, cached.

Scope. The records that concern the scope's subtree by the access gate's own rule (``concerning``): owned by one of
its organisations or involving one as a participant (a task's units or its assigning organisation, a duty's
organisation or the one that assigned it, a session's owner or organisers, a visit's visiting or visited
organisation, a programme's owner or participants). So a member of the scope's top organisation sees exactly the
records counted here, and the lists behind the numbers hold the same counts. "Every organisation you may see"
(``EVERYTHING``) drops the subtree filter.

Every count goes through the gate with the ``count`` action, like the work statistics and the movement summary: an
organisation that receives another's figures as "totals only" (a sharing rule) sees them counted here without
seeing the records. Programme progress and figure completeness read the figures the user may *view*, as the
programme pages do. The panels keep the modules' own definitions:

* tasks due (deadline in force) in the year: by status, overdue, per lead unit, done on time — as
  ``work.statistics.task_statistics``;
* dissemination duties due in the year: done when a session was held, overdue when past the deadline and not done
  (``work.selectors.dissemination_done_q``/``dissemination_overdue_q``, the list's own status filter);
* outreach sessions held in the year with their audience, by month (``work.statistics.outreach_statistics``);
* markers by condition and overdue for inspection: ``border.schedule.compliance``;
* programme progress against targets: ``programs.progress`` (official = approved and locked figures; targets
  combined the same way); a programme whose owner is in the scope counts whole, any other one with the figures of
  the scope's subtree;
* figure completeness: ``programs.completeness``'s rules (expected reporters: the programme's participants within
  the scope) for the periods of the year up to today, as on the completeness page;
* holiday visits in the year with households, gifts and value, by occasion (``movements.summary.visit_summary``).

The modules' functions filter a scope on the owner (or the units) only, so the aggregates are written here with the
gate's rule instead; the tests check them against those functions.

Queries: a fixed number whatever the number of records, organisations and programmes (about thirty on a cache miss,
about ten on a hit, page included). Every number carries the URL of the list behind it, with that list's own filter
parameters (see ``Links``).

Cache (``django.core.cache``): the key holds the user's access signature (memberships with their roles, clearance,
superuser flag, the sharing rules that benefit them), the scope, the year, the language, today's date (overdue
figures move with it) and the data version: the latest history entry (``audit.ChangeRecord``: every create, update,
delete and restore through the services writes one, bulk approvals of figures too) and the latest change of a
periodic figure (``updated_at``), so any write shows at once.
"""

import datetime
import hashlib
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal
from functools import reduce
from operator import or_
from urllib.parse import urlencode

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.db.models import Count, Q, Sum
from django.db.models.functions import TruncMonth
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from phoihop.audit.models import ChangeRecord
from phoihop.border.choices import Condition
from phoihop.border.models import Inspection, Marker
from phoihop.border.schedule import compliance
from phoihop.core.access import _org_field_q, member_paths, memberships, subtree_q
from phoihop.core.choices import Action
from phoihop.movements.models import HolidayVisit
from phoihop.movements.summary import tidy
from phoihop.orgs.models import Organisation, SharingRule
from phoihop.programs import completeness as figure_completeness
from phoihop.programs import progress as programme_progress
from phoihop.programs.choices import FigureStatus, PeriodType
from phoihop.programs.models import Indicator, IndicatorTarget, PeriodicFigure, Programme
from phoihop.programs.periods import period_end, period_label, periods_between
from phoihop.programs.services import REPORTED_STATUSES
from phoihop.work.choices import OPEN_STATUSES, TaskStatus, UnitRole
from phoihop.work.models import Dissemination, OutreachSession, Task, TaskUnit
from phoihop.work.selectors import dissemination_done_q, dissemination_overdue_q

CACHE_PREFIX = "phoihop:dashboard:v1:"
#: a safety net only: every write changes the key anyway
CACHE_SECONDS = getattr(settings, "DASHBOARD_CACHE_SECONDS", 15 * 60)
YEARS_BACK = 10


# --- scope --------------------------------------------------------------------------------------------------------


def shared_rules(user):
    """(id, owner path, include subtree, mode) of the sharing rules valid today that benefit ``user`` (a membership
    of any role in the viewer organisation or above it), as the access gate reads them."""
    paths = member_paths(user)
    if not paths:
        return []
    today = timezone.localdate()
    return list(
        SharingRule.objects.filter(subtree_q(paths, "viewer__"))
        .filter(Q(valid_from__isnull=True) | Q(valid_from__lte=today))
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=today))
        .filter(Q(agreement__isnull=True) | Q(agreement__status="in_force", agreement__deleted_at__isnull=True))
        .order_by("pk")
        .values_list("pk", "owner__path", "include_subtree", "mode")
    )


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
    """The organisations a dashboard may be drawn for: those the user may count (their subtrees, and what sharing
    rules show them), including the owners of "totals only" rules (with their subtrees when the rule says so)."""
    queryset = Organisation.objects.restrict(user, Action.COUNT)
    if user.is_superuser or not user.is_active:
        return queryset.order_by("path")
    extra = Q(pk__in=[])
    for _pk, owner_path, include_subtree, _mode in rules if rules is not None else shared_rules(user):
        extra |= Q(path__startswith=owner_path) if include_subtree else Q(path=owner_path)
    return Organisation.objects.filter(Q(pk__in=queryset.values("pk")) | extra).order_by("path")


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


# --- cache --------------------------------------------------------------------------------------------------------


def access_signature(user, rules=None) -> tuple:
    """What the gate's answer depends on for ``user``: memberships with their roles, clearance, the superuser flag
    and the sharing rules that benefit them (the dashboard shows no personal data, so that permission is left out).
    """
    rows = sorted((path, int(role)) for path, role in memberships(user))
    rules = rules if rules is not None else shared_rules(user)
    return (tuple(rows), int(user.clearance or 0), bool(user.is_superuser), tuple(r[0] for r in rules))


def data_version() -> tuple:
    """Changes on every write: the latest history entry and the latest change of a periodic figure. One query."""
    quote = connection.ops.quote_name
    history = quote(ChangeRecord._meta.db_table)
    figures = quote(PeriodicFigure._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT (SELECT MAX({quote('id')}) FROM {history}), (SELECT MAX({quote('updated_at')}) FROM {figures})"
        )
        last_change, last_figure = cursor.fetchone()
    return (last_change, str(last_figure))


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


def ddmmyyyy(day: datetime.date) -> str:
    return day.strftime("%d/%m/%Y")


@dataclass
class Links:
    """URLs of the filtered lists behind the numbers.

    The lists filter on one organisation at a time (no "with its subtree" filter), so: when everything the user
    may view lies within the scope (``whole``: the usual case of a user's own top organisation, and "every
    organisation"), the list needs no organisation filter — the gate narrows it to exactly the records the
    dashboard counts (the scope rule below is the gate's own rule); otherwise the list is filtered on the scope
    organisation itself, the closest the filters allow (the units below it are not included)."""

    scope: object
    whole: bool

    def url(self, name, scope_param=None, **params):
        query = {}
        if scope_param and not self.whole:
            query[scope_param] = self.scope.pk
        query.update({k: v for k, v in params.items() if v is not None})
        url = reverse(name)
        return f"{url}?{urlencode(query, doseq=True)}" if query else url


def covers_everything_visible(user, scope, rules) -> bool:
    """Whether every organisation the user may view (their subtrees, and the owners of "full" sharing rules) lies
    within the scope. "Totals only" rules add nothing to the lists, so they do not count here."""
    if any(mode == "full" and not path.startswith(scope.path) for _pk, path, _sub, mode in rules):
        return False
    if not scope.path:
        return True
    return not Organisation.objects.restrict(user, Action.VIEW).exclude(path__startswith=scope.path).exists()


# --- panels -------------------------------------------------------------------------------------------------------


def concerning(queryset, scope):
    """The records of ``queryset`` that concern the scope's subtree, by the gate's own rule: owned by one of its
    organisations (``access_org_field``) or involving one (``access_participant_fields``: a task's units, a duty's
    assigning organisation, a session's organisers, a visit's visited organisation). A member of the scope's top
    organisation sees exactly these records."""
    if not scope.path:
        return queryset
    model = queryset.model
    org_ids = Organisation.all_objects.filter(path__startswith=scope.path).values("pk")
    fields = [model.access_org_field, *getattr(model, "access_participant_fields", ())]
    return queryset.filter(reduce(or_, (_org_field_q(model, name, org_ids) for name in fields)))


def _rate(part, whole):
    return round(100 * part / whole, 1) if whole else None


def task_panel(user, scope, start, end, today, links):
    """Tasks by status, overdue, done on time, and per lead unit — ``work.statistics.task_statistics``'s figures for
    the tasks due (deadline in force) in the year that concern the scope (assigned by it or with a unit in it)."""
    tasks = concerning(Task.objects.restrict(user, Action.COUNT), scope).filter(
        deadline_in_force__gte=start, deadline_in_force__lte=end
    )
    counts = {row["status"]: row["n"] for row in tasks.order_by().values("status").annotate(n=Count("pk"))}
    totals = tasks.aggregate(
        done=Count("pk", filter=Q(status=TaskStatus.DONE)),
        on_time=Count("pk", filter=Q(status=TaskStatus.DONE, completed_on_time=True)),
        overdue=Count("pk", filter=Q(status__in=OPEN_STATUSES, deadline_in_force__lt=today)),
    )
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
    )
    name = "work:task_list"
    period = {"deadline_from": ddmmyyyy(start), "deadline_to": ddmmyyyy(end)}
    by_status = [
        {
            "value": value,
            "label": str(label),
            "count": counts.get(value, 0),
            "url": links.url(name, "unit", status=value, **period),
        }
        for value, label in TaskStatus.choices
    ]
    lead_units = list(lead_units)
    # the list's "lead unit" filter offers only the organisations the user may view (a lead unit outside them,
    # e.g. one the scope assigned a task to, gets no link rather than a link to an invalid filter)
    listable = set(
        Organisation.objects.restrict(user, Action.VIEW)
        .filter(pk__in=[row["organisation_id"] for row in lead_units])
        .values_list("pk", flat=True)
    )
    by_unit = []
    for row in lead_units:
        lead = {"lead": row["organisation_id"], **period}
        linked = row["organisation_id"] in listable
        by_unit.append(
            {
                "id": row["organisation_id"],
                "name": row["organisation__name"],
                "total": row["total"],
                "done": row["done"],
                "on_time": row["on_time"],
                "overdue": row["overdue"],
                "on_time_rate": _rate(row["on_time"], row["done"]),
                "url": links.url(name, "unit", **lead) if linked else None,
                "done_url": links.url(name, "unit", status=TaskStatus.DONE, **lead) if linked else None,
                "overdue_url": links.url(name, "unit", overdue="true", **lead) if linked else None,
            }
        )
    by_unit.sort(key=lambda r: (-r["overdue"], r["name"] or ""))
    return {
        "total": sum(counts.values()),
        "url": links.url(name, "unit", **period),
        "by_status": by_status,
        "by_unit": by_unit,
        "done": totals["done"],
        "on_time": totals["on_time"],
        "late": totals["done"] - totals["on_time"],
        "on_time_rate": _rate(totals["on_time"], totals["done"]),
        "done_url": links.url(name, "unit", status=TaskStatus.DONE, **period),
        "overdue": totals["overdue"],
        "overdue_url": links.url(name, "unit", overdue="true", **period),
    }


def dissemination_panel(user, scope, start, end, today, links):
    """Coverage of the dissemination duties due in the year (``work.statistics.dissemination_statistics``'s
    definitions, with the list's own status filters: done = a session was held, overdue = past the deadline and
    not done)."""
    duties = concerning(Dissemination.objects.restrict(user, Action.COUNT), scope).filter(
        deadline__gte=start, deadline__lte=end
    )
    figures = duties.aggregate(
        total=Count("pk"),
        done=Count("pk", filter=dissemination_done_q()),
        overdue=Count("pk", filter=dissemination_overdue_q(today)),
    )
    period = {"deadline_from": ddmmyyyy(start), "deadline_to": ddmmyyyy(end)}
    name = "work:dissemination_list"
    return {
        **figures,
        "not_done": figures["total"] - figures["done"],
        "rate": _rate(figures["done"], figures["total"]),
        "url": links.url(name, "organisation", **period),
        "done_url": links.url(name, "organisation", status="done", **period),
        "not_done_url": links.url(name, "organisation", status="not_done", **period),
        "overdue_url": links.url(name, "organisation", status="overdue", **period),
    }


def _month_end(month: datetime.date) -> datetime.date:
    return period_end(PeriodType.MONTH, month)


def outreach_panel(user, scope, start, end, links):
    """Sessions held in the year and their audience, by month (``work.statistics.outreach_statistics``)."""
    ids = (
        concerning(OutreachSession.objects.restrict(user, Action.COUNT), scope)
        .filter(held_on__gte=start, held_on__lte=end)
        .values("pk")
    )
    rows = (
        OutreachSession.objects.filter(pk__in=ids)
        .annotate(month=TruncMonth("held_on"))
        .order_by()
        .values("month")
        .annotate(sessions=Count("pk"), audience=Sum("audience"))
    )
    counted = {}
    for row in rows:
        month = row["month"]
        month = month.date() if isinstance(month, datetime.datetime) else month
        counted[month] = (row["sessions"], row["audience"] or 0)
    name = "work:outreachsession_list"
    months = []
    for month in periods_between(PeriodType.MONTH, start, end):
        sessions, audience = counted.get(month, (0, 0))
        months.append(
            {
                "label": month.strftime("%m/%Y"),
                "sessions": sessions,
                "audience": audience,
                "url": links.url(name, "organiser", held_from=ddmmyyyy(month), held_to=ddmmyyyy(_month_end(month))),
            }
        )
    return {
        "sessions": sum(m["sessions"] for m in months),
        "audience": sum(m["audience"] for m in months),
        "url": links.url(name, "organiser", held_from=ddmmyyyy(start), held_to=ddmmyyyy(end)),
        "by_month": months,
    }


def border_panel(user, scope, start, end, today, links):
    """Markers by condition and overdue for inspection (``border.schedule.compliance``), inspections in the year."""
    markers = concerning(Marker.objects.restrict(user, Action.COUNT), scope)
    figures = compliance(markers, today)
    totals = figures["totals"]
    name = "border:marker_list"
    conditions = [
        {"value": value, "label": str(label), "count": count, "url": links.url(name, "post", condition=value)}
        for (value, label), count in zip(Condition.choices, totals["conditions"], strict=True)
    ]
    posts = [
        {
            "id": row["post_id"],
            "name": row["name"],
            "total": row["total"],
            "overdue": row["overdue"],
            "never": row["never"],
            "overdue_rate": row["overdue_rate"],
            "url": links.url(name, post=row["post_id"]),
            "overdue_url": links.url(name, post=row["post_id"], overdue="true"),
        }
        for row in figures["posts"]
    ]
    inspections = (
        concerning(Inspection.objects.restrict(user, Action.COUNT), scope)
        .filter(marker__deleted_at__isnull=True, inspected_on__gte=start, inspected_on__lte=end)
        .count()
    )
    return {
        "markers": totals["total"],
        "url": links.url(name, "post"),
        "by_condition": conditions,
        "overdue": totals["overdue"],
        "overdue_rate": totals["overdue_rate"],
        "overdue_url": links.url(name, "post", overdue="true"),
        "never": totals["never"],
        "posts": posts,
        "inspections": inspections,
        "inspections_url": links.url(
            "border:inspection_list", "post", date_from=ddmmyyyy(start), date_to=ddmmyyyy(end)
        ),
    }


def visit_panel(user, scope, start, end, links):
    """Holiday visits held in the year with households, gifts and value, by occasion
    (``movements.summary.visit_summary``'s figures, for the visits made or received within the scope)."""
    visits = concerning(HolidayVisit.objects.restrict(user, Action.COUNT), scope).filter(
        held_on__gte=start, held_on__lte=end
    )
    rows = list(
        visits.order_by()
        .values("occasion_id", "occasion__name", "occasion__sort_order")
        .annotate(
            visits=Count("pk"), households=Sum("households_visited"), gifts=Sum("gifts_count"), value=Sum("value_vnd")
        )
        .order_by("occasion__sort_order", "occasion__name")
    )
    name = "movements:holidayvisit_list"
    period = {"held_from": ddmmyyyy(start), "held_to": ddmmyyyy(end)}
    totals = {"visits": 0, "households": 0, "gifts": 0, "value": Decimal(0)}
    by_occasion = []
    for row in rows:
        item = {key: row[key] or 0 for key in totals}
        item["value"] = tidy(item["value"])
        for key in totals:
            totals[key] += item[key]
        by_occasion.append(
            {
                "name": row["occasion__name"],
                **item,
                "url": links.url(name, "visiting_organisation", occasion=row["occasion_id"], **period),
            }
        )
    totals["value"] = tidy(totals["value"])
    return {**totals, "url": links.url(name, "visiting_organisation", **period), "by_occasion": by_occasion}


# --- programmes ---------------------------------------------------------------------------------------------------


def _programmes(user, scope, start, end):
    """The programmes running in the year that concern the scope (owned or taken part in within its subtree)."""
    return list(
        concerning(Programme.objects.restrict(user, Action.VIEW), scope)
        .filter(start_date__lte=end)
        .filter(Q(end_date__isnull=True) | Q(end_date__gte=start))
        .select_related("owner")
        .order_by("code", "pk")
    )


def programme_panels(user, scope, year, start, end, today, links):
    """(progress, completeness) of the programmes concerning the scope. Five queries whatever their number."""
    programmes = _programmes(user, scope, start, end)
    if not programmes:
        return [], []
    ids = [p.pk for p in programmes]
    indicators = defaultdict(list)
    for indicator in (
        Indicator.objects.restrict(user, Action.VIEW).filter(programme__in=ids).order_by("sort_order", "code")
    ):
        indicators[indicator.programme_id].append(indicator)
    figures = defaultdict(list)
    for row in (
        PeriodicFigure.objects.restrict(user, Action.VIEW)
        .filter(indicator__programme__in=ids)
        .order_by()
        .values(
            "indicator_id",
            "indicator__programme_id",
            "organisation_id",
            "organisation__name",
            "organisation__path",
            "period_start",
            "status",
            "value",
            "submitted_at",
        )
    ):
        figures[row["indicator__programme_id"]].append(row)
    targets = defaultdict(list)
    for row in (
        IndicatorTarget.objects.restrict(user, Action.VIEW)
        .filter(indicator__programme__in=ids, year=year)
        .order_by()
        .values("indicator_id", "indicator__programme_id", "organisation_id", "organisation__path", "value")
    ):
        targets[row["indicator__programme_id"]].append(row)
    participants = defaultdict(list)
    for row in (
        Programme.participants.through.objects.filter(
            programme_id__in=ids,
            organisation__in=Organisation.objects.restrict(user).filter(path__startswith=scope.path).values("pk"),
        )
        .order_by("organisation__path")
        .values("programme_id", "organisation_id", "organisation__name", "organisation__code")
    ):
        participants[row["programme_id"]].append(row)

    progress, completeness = [], []
    for programme in programmes:
        whole = programme.owner.path.startswith(scope.path)
        rows = figures[programme.pk]
        if not whole:
            rows = [r for r in rows if r["organisation__path"].startswith(scope.path)]
        progress.append(
            _programme_progress(
                user,
                programme,
                indicators[programme.pk],
                rows,
                targets[programme.pk],
                whole,
                year,
                today,
                scope,
                links,
                participants[programme.pk],
            )
        )
        completeness.extend(
            _programme_completeness(programme, indicators[programme.pk], rows, participants[programme.pk], year, today)
        )
    return [p for p in progress if p["indicators"]], completeness


def _programme_progress(user, programme, indicators, rows, target_rows, whole, year, today, scope, links, participants):
    if whole:
        roots = None if programme_progress.reads_every_figure(user, programme) else member_paths(user)
    else:
        roots = [scope.path]
    targets = programme_progress.combine_targets(target_rows, roots)
    by_indicator = defaultdict(list)
    for row in rows:
        by_indicator[row["indicator_id"]].append(row)
    first_year = min([programme.start_date.year, *(row["period_start"].year for row in rows)])
    years = list(range(first_year, max(year, first_year) + 1))
    per_org = not whole and (
        scope.pk == programme.owner_id or any(p["organisation_id"] == scope.pk for p in participants)
    )
    progress_query = {"year": year, **({"organisation": scope.pk} if per_org else {})}
    result = {
        "id": programme.pk,
        "code": programme.code,
        "name": programme.name,
        "whole": whole,
        "url": reverse("programs:programme_progress", args=[programme.pk]) + "?" + urlencode(progress_query),
        "indicators": [],
    }
    for indicator in indicators:
        item = programme_progress._progress_of(
            indicator, by_indicator[indicator.pk], targets.get(indicator.pk), year, years, today
        )
        percent = item.percent
        official = [FigureStatus.APPROVED, FigureStatus.LOCKED]
        pending = [FigureStatus.DRAFT, FigureStatus.SUBMITTED, FigureStatus.REOPENED]
        figures_link = {
            "programme": programme.pk,
            "indicator": indicator.pk,
            "period_from": ddmmyyyy(datetime.date(year, 1, 1)),
            "period_to": ddmmyyyy(datetime.date(year, 12, 31)),
        }
        scope_param = None if whole else "organisation"
        result["indicators"].append(
            {
                "id": indicator.pk,
                "code": indicator.code,
                "name": indicator.name,
                "unit": indicator.unit,
                "stock": item.is_stock,
                "official": item.official,
                "target": item.target,
                "pending": item.pending,
                "pending_count": item.pending_total,
                "percent": float(percent) if percent is not None else None,
                "bar": min(100, round(float(percent))) if percent is not None else 0,
                "text": item.display,
                "url": links.url("programs:periodicfigure_list", scope_param, status=official, **figures_link),
                "pending_url": links.url("programs:periodicfigure_list", scope_param, status=pending, **figures_link),
            }
        )
    return result


def _programme_completeness(programme, indicators, rows, participants, year, today):
    """Per period type of the programme: the reports expected from its participants within the scope for the
    periods of the year up to today, with ``programs.completeness``'s rules (a report is every indicator of the
    period type; on time when each was submitted by its deadline)."""
    first, last = datetime.date(year, 1, 1), min(datetime.date(year, 12, 31), today)
    first = max(first, programme.reporting_start)
    if last < first or not participants:
        return []
    submitted = {
        (r["organisation_id"], r["indicator_id"], r["period_start"]): r["submitted_at"]
        for r in rows
        if r["status"] in REPORTED_STATUSES
    }
    by_type = defaultdict(list)
    for indicator in indicators:
        by_type[indicator.period_type].append(indicator)
    labels = dict(PeriodType.choices)
    result = []
    for period_type, group in sorted(by_type.items(), key=lambda item: list(labels).index(item[0])):
        periods = periods_between(period_type, first, last)
        counts = {"expected": 0, "on_time": 0, "late": 0, "overdue": 0, "not_due": 0}
        missing = defaultdict(int)
        for start in periods:
            latest = max(figure_completeness.deadline(i, start) for i in group)
            for org in participants:
                times = [
                    (i, submitted[(org["organisation_id"], i.pk, start)])
                    for i in group
                    if (org["organisation_id"], i.pk, start) in submitted
                ]
                counts["expected"] += 1
                if len(times) == len(group):
                    on_time = all(
                        t is not None and timezone.localtime(t).date() <= figure_completeness.deadline(i, start)
                        for i, t in times
                    )
                    counts["on_time" if on_time else "late"] += 1
                elif today > latest:
                    counts["overdue"] += 1
                    missing[org["organisation__name"]] += 1
                else:
                    counts["not_due"] += 1
        reported = counts["on_time"] + counts["late"]
        query = {
            "programme": programme.pk,
            "period_type": period_type,
            "date_from": ddmmyyyy(first),
            "date_to": ddmmyyyy(last),
        }
        result.append(
            {
                "programme_id": programme.pk,
                "programme": programme.name,
                "code": programme.code,
                "period_type": period_type,
                "period_type_label": str(labels[period_type]),
                "periods": len(periods),
                "last_period": period_label(period_type, periods[-1]) if periods else "",
                **counts,
                "reported": reported,
                "completeness": figure_completeness.percent(reported, counts["expected"]),
                "timeliness": figure_completeness.percent(counts["on_time"], counts["expected"]),
                "missing": sorted(missing.items()),
                "url": reverse("programs:figure_completeness") + "?" + urlencode(query),
            }
        )
    return result


# --- the whole dashboard ------------------------------------------------------------------------------------------


def compute(user, scope, year, today=None, rules=None) -> dict:
    """Every panel for ``scope``'s subtree in ``year``, through the gate; plain data (cacheable, JSON-ready but
    for dates and decimals)."""
    today = today or timezone.localdate()
    rules = rules if rules is not None else shared_rules(user)
    start, end = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    links = Links(scope=scope, whole=covers_everything_visible(user, scope, rules))
    progress, completeness = programme_panels(user, scope, year, start, end, today, links)
    expected = sum(c["expected"] for c in completeness)
    reported = sum(c["reported"] for c in completeness)
    on_time = sum(c["on_time"] for c in completeness)
    return {
        "scope": {"id": scope.pk, "name": scope.name, "code": scope.code},
        "year": year,
        "today": today,
        "whole": links.whole,
        "tasks": task_panel(user, scope, start, end, today, links),
        "dissemination": dissemination_panel(user, scope, start, end, today, links),
        "outreach": outreach_panel(user, scope, start, end, links),
        "border": border_panel(user, scope, start, end, today, links),
        "programmes": progress,
        "completeness": {
            "rows": completeness,
            "expected": expected,
            "reported": reported,
            "on_time": on_time,
            "completeness": figure_completeness.percent(reported, expected),
            "timeliness": figure_completeness.percent(on_time, expected),
        },
        "visits": visit_panel(user, scope, start, end, links),
    }


def charts(figures) -> dict:
    """The data the page's script draws (json_script "dashboard-charts"): raw numbers, labels and list URLs."""
    border = figures["border"]
    return {
        "strings": {
            "tasks": _("Tasks"),
            "markers": _("Markers"),
            "sessions": _("Sessions"),
            "audience": _("Audience"),
        },
        "tasks": [{"label": r["label"], "value": r["count"], "url": r["url"]} for r in figures["tasks"]["by_status"]],
        "markers": [{"label": r["label"], "value": r["count"], "url": r["url"]} for r in border["by_condition"]],
        "outreach": [
            {"label": m["label"], "sessions": m["sessions"], "audience": m["audience"], "url": m["url"]}
            for m in figures["outreach"]["by_month"]
        ],
    }
