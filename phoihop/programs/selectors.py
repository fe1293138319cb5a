"""Figures of the programmes over a ``core.scope.Scope`` — defined once: the dashboard panels
(``dashboard_panels.py``) and the report sections (``report_sections.py``) call them; the completeness page
classifies each report with the same ``completeness.report_status``.

Scope rule (``core.scope``): programmes owned by, or with a participant in, the scope's subtrees and running in the
period; their indicators; the figures through the gate (``count``: totals-only sharing counts).
"""

import datetime
from collections import defaultdict

from django.db.models import Q

from phoihop.core.choices import Action
from phoihop.orgs.models import Organisation
from phoihop.programs.choices import PeriodType
from phoihop.programs.completeness import LATE, NOT_DUE, ON_TIME, OVERDUE, percent, report_status
from phoihop.programs.models import Indicator, PeriodicFigure, Programme
from phoihop.programs.periods import period_end, period_label, periods_between
from phoihop.programs.services import REPORTED_STATUSES


def running_q(start, end) -> Q:
    """Q over Programme: running at some time in [start, end] (an open end is not filtered)."""
    q = Q()
    if end is not None:
        q &= Q(start_date__lte=end)
    if start is not None:
        q &= Q(end_date__isnull=True) | Q(end_date__gte=start)
    return q


def scope_programmes(scope, action=Action.COUNT):
    """Programmes owned by, or with a participant in, the scope, running during the period."""
    return scope.records(Programme.objects.all(), action=action).filter(running_q(scope.start, scope.end))


def scope_indicators(scope, programmes, action=Action.COUNT):
    return scope.records(Indicator.objects.filter(programme__in=programmes.values("pk")), action=action)


def expected_periods(period_type, start, end, *, reporting_start, programme_end=None) -> list[datetime.date]:
    """The periods of ``period_type`` a participant owes a report for within [start, end]: those starting in it
    (from the one containing ``start``), ending on or after the programme's reporting start and starting before its
    end — the completeness page's periods for the same dates."""
    if start is None or end is None or end < start:
        return []
    return [
        period
        for period in periods_between(period_type, start, end)
        if period_end(period_type, period) >= reporting_start and (programme_end is None or period <= programme_end)
    ]


def completeness_figures(scope, action=Action.COUNT) -> list[dict]:
    """Completeness and timeliness of the periodic figures of the scope, per programme and period type: the
    reports (one participant's values of every indicator of the period type for one period, ``report_status``)
    expected from the programme's participants within the scope for the ``expected_periods`` of the period, as at
    ``scope.today``. ``missing``: [(organisation name, overdue reports)]. Four queries whatever the numbers."""
    programmes = list(scope_programmes(scope, action).order_by("code", "pk"))
    if not programmes:
        return []
    ids = [p.pk for p in programmes]
    indicators = defaultdict(list)
    for indicator in scope_indicators(scope, Programme.objects.filter(pk__in=ids), action).order_by(
        "sort_order", "code"
    ):
        indicators[indicator.programme_id].append(indicator)
    reporters = defaultdict(list)
    for row in (
        Programme.participants.through.objects.filter(
            programme_id__in=ids,
            organisation__in=scope.gate(Organisation.objects.all(), action).filter(scope.organisation_q()).values("pk"),
        )
        .order_by("organisation__path")
        .values_list("programme_id", "organisation_id", "organisation__name")
    ):
        reporters[row[0]].append((row[1], row[2]))
    submitted = {}
    figures = scope.gate(PeriodicFigure.objects.all(), action).filter(
        indicator__programme__in=ids, status__in=REPORTED_STATUSES
    )
    if scope.start is not None:
        figures = figures.filter(period_start__gte=periods_start(scope.start))
    if scope.end is not None:
        figures = figures.filter(period_start__lte=scope.end)
    for org, indicator, start, at in figures.values_list(
        "organisation_id", "indicator_id", "period_start", "submitted_at"
    ):
        submitted[(org, indicator, start)] = at
    labels = dict(PeriodType.choices)
    order = list(labels)
    result = []
    for programme in programmes:
        by_type = defaultdict(list)
        for indicator in indicators[programme.pk]:
            by_type[indicator.period_type].append(indicator)
        for period_type, group in sorted(by_type.items(), key=lambda item: order.index(item[0])):
            periods = expected_periods(
                period_type,
                scope.start or programme.reporting_start,
                scope.end or scope.today,
                reporting_start=programme.reporting_start,
                programme_end=programme.end_date,
            )
            counts = {ON_TIME: 0, LATE: 0, OVERDUE: 0, NOT_DUE: 0}
            missing = defaultdict(int)
            for organisation_id, name in reporters[programme.pk]:
                for period in periods:
                    times = {
                        i.pk: submitted[(organisation_id, i.pk, period)]
                        for i in group
                        if (organisation_id, i.pk, period) in submitted
                    }
                    status = report_status(group, times, period, scope.today)
                    counts[status] += 1
                    if status == OVERDUE:
                        missing[name] += 1
            expected = len(reporters[programme.pk]) * len(periods)
            if not expected:
                continue
            reported = counts[ON_TIME] + counts[LATE]
            result.append(
                {
                    "programme_id": programme.pk,
                    "programme": programme.name,
                    "code": programme.code,
                    "period_type": period_type,
                    "period_type_label": str(labels[period_type]),
                    "periods": len(periods),
                    "first": periods[0],
                    "last": periods[-1],
                    "last_period": period_label(period_type, periods[-1]),
                    "reporters": len(reporters[programme.pk]),
                    "expected": expected,
                    "reported": reported,
                    "on_time": counts[ON_TIME],
                    "late": counts[LATE],
                    "overdue": counts[OVERDUE],
                    "not_due": counts[NOT_DUE],
                    "completeness": percent(reported, expected),
                    "timeliness": percent(counts[ON_TIME], expected),
                    "missing": sorted(missing.items()),
                }
            )
    return result


def periods_start(day: datetime.date) -> datetime.date:
    """The earliest period start a period containing ``day`` may have (the year's first day)."""
    return datetime.date(day.year, 1, 1)


def completeness_totals(rows) -> dict:
    """The totals of ``completeness_figures`` rows."""
    totals = {
        key: sum(row[key] for row in rows) for key in ("expected", "reported", "on_time", "late", "overdue", "not_due")
    }
    missing = defaultdict(int)
    for row in rows:
        for name, count in row["missing"]:
            missing[name] += count
    return {
        **totals,
        "programmes": len({row["programme_id"] for row in rows}),
        "completeness": percent(totals["reported"], totals["expected"]),
        "timeliness": percent(totals["on_time"], totals["expected"]),
        "missing": sorted(missing.items(), key=lambda item: (-item[1], item[0])),
    }
