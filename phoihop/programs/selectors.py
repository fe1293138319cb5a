"""Figures of the programmes over a ``core.scope.Scope`` — defined once: the dashboard panels
(``dashboard_panels.py``) and the report sections (``report_sections.py``) call them; the completeness page
classifies each report with the same ``completeness.report_status``.

Scope rule (``core.scope``): programmes owned by, or with a participant in, the scope's subtrees and running in the
period; their indicators; the figures through the gate (``count``: totals-only sharing counts).
"""

import datetime
from collections import defaultdict
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, Q, Sum

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


# --- records: forest plots, houses, resettlement, sponsorship -------------------------------------------------


def planted_q(start, end) -> Q:
    """Forest plots planted in [start, end]: by the planting date, or by the year planted for plots without one
    when the whole year lies in the period (as ``programs.computing`` does for yearly figures)."""
    years = [
        y
        for y in range(start.year, end.year + 1)
        if datetime.date(y, 1, 1) >= start and datetime.date(y, 12, 31) <= end
    ]
    return Q(planted_on__gte=start, planted_on__lte=end) | Q(planted_on__isnull=True, year_planted__in=years)


def planted_by_q(end) -> Q:
    """Forest plots planted by ``end``: by the planting date, or by the year planted for plots without one."""
    return Q(planted_on__lte=end) | Q(planted_on__isnull=True, year_planted__lte=end.year)


def _in(start, end, field) -> Q:
    return Q(**{f"{field}__gte": start, f"{field}__lte": end})


def _exact(value, places=2) -> Decimal:
    """A sum of a decimal column as an exact Decimal: SQLite adds decimals up as floats (96.30000000000001)."""
    if value is None:
        return Decimal(0)
    return Decimal(value).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


def record_figures(scope, programme=None, action=Action.COUNT) -> dict:
    """The results "from the records" of ``scope`` (of one ``programme`` when given), defined once for the
    programme's progress page and the report: for each kind, the stock at the end of the period (``…``), the flow in
    the period (``…_period``) and, with a comparison period, the flow in it (``previous_…``). Sponsorship is read
    as at ``scope.as_at``. One query per kind of record, plus one for the support paid."""
    from phoihop.programs.choices import HouseStatus
    from phoihop.programs.computing import months_active
    from phoihop.programs.models import ForestPlot, House, Resettlement, Sponsorship

    start, end = scope.start, scope.end
    before = (scope.compare_start, scope.compare_end) if scope.has_comparison else None
    nothing = Q(pk__in=[])

    def records(model):
        queryset = scope.records(model.objects.all(), action=action)
        return queryset.filter(programme=programme) if programme is not None else queryset

    now_planted = planted_q(start, end)
    forest = records(ForestPlot).aggregate(
        records=Count("pk"),
        plots=Count("pk", filter=planted_by_q(end)),
        ha=Sum("area_ha", filter=planted_by_q(end)),
        households=Sum("households_contracted", filter=planted_by_q(end)),
        plots_period=Count("pk", filter=now_planted),
        ha_period=Sum("area_ha", filter=now_planted),
        households_period=Sum("households_contracted", filter=now_planted),
        previous_ha_period=Sum("area_ha", filter=planted_q(*before) if before else nothing),
    )
    handed = Q(status=HouseStatus.HANDED_OVER)
    handed_now = handed & _in(start, end, "handover_date")
    houses = records(House).aggregate(
        records=Count("pk"),
        handed_over=Count("pk", filter=handed & Q(handover_date__lte=end)),
        people=Sum("household_size", filter=handed & Q(handover_date__lte=end)),
        cost=Sum("total_cost", filter=handed & Q(handover_date__lte=end)),
        building=Count("pk", filter=Q(status=HouseStatus.BUILDING)),
        started_period=Count("pk", filter=_in(start, end, "start_date")),
        handed_over_period=Count("pk", filter=handed_now),
        people_period=Sum("household_size", filter=handed_now),
        cost_period=Sum("total_cost", filter=handed_now),
        previous_handed_over_period=Count("pk", filter=handed & _in(*before, "handover_date") if before else nothing),
    )
    resettled = records(Resettlement).aggregate(
        records=Count("pk"),
        households_sum=Sum("households", filter=Q(date__lte=end)),
        people_sum=Sum("people", filter=Q(date__lte=end)),
        households_period=Sum("households", filter=_in(start, end, "date")),
        people_period=Sum("people", filter=_in(start, end, "date")),
        previous_households_period=Sum("households", filter=_in(*before, "date") if before else nothing),
    )
    sponsorships = records(Sponsorship)

    def sponsored(first, last, reference):
        active = Q(start_date__lte=reference) & (Q(end_date__isnull=True) | Q(end_date__gte=reference))
        totals = sponsorships.aggregate(
            records=Count("pk"),
            children=Count("pk", filter=active),
            monthly_support=Sum("monthly_support", filter=active),
            ever=Count("pk", filter=Q(start_date__lte=reference)),
            new_period=Count("pk", filter=_in(first, last, "start_date")),
        )
        rows = sponsorships.filter(start_date__lte=last).filter(Q(end_date__isnull=True) | Q(end_date__gte=first))
        support = sum(
            (
                m * months_active(first, last, since, until)
                for m, since, until in rows.values_list("monthly_support", "start_date", "end_date")
            ),
            Decimal(0),
        )
        return {
            **{key: totals[key] or 0 for key in ("records", "children", "ever", "new_period")},
            "monthly_support": _exact(totals["monthly_support"], 0),
            "support_period": _exact(support, 0),
        }

    return {
        "as_at": scope.as_at,
        "forest": {
            "records": forest["records"],
            "plots": forest["plots"],
            "ha": _exact(forest["ha"]),
            "households": forest["households"] or 0,
            "plots_period": forest["plots_period"],
            "ha_period": _exact(forest["ha_period"]),
            "households_period": forest["households_period"] or 0,
            "previous_ha_period": _exact(forest["previous_ha_period"]),
        },
        "houses": {
            **{k: houses[k] for k in ("records", "handed_over", "building", "started_period", "handed_over_period")},
            "people": houses["people"] or 0,
            "cost": _exact(houses["cost"], 0),
            "people_period": houses["people_period"] or 0,
            "cost_period": _exact(houses["cost_period"], 0),
            "previous_handed_over_period": houses["previous_handed_over_period"],
        },
        "resettled": {
            "records": resettled["records"],
            "households": resettled["households_sum"] or 0,
            "people": resettled["people_sum"] or 0,
            "households_period": resettled["households_period"] or 0,
            "people_period": resettled["people_period"] or 0,
            "previous_households_period": resettled["previous_households_period"] or 0,
        },
        "sponsored": sponsored(start, end, scope.as_at),
        "previous_sponsored": (sponsored(*before, min(before[1], scope.today)) if before else None),
    }


def figures_awaiting_approval(user):
    """The submitted values ``user`` may approve (Approver of an organisation above the reporting one), through
    the gate: the approval queue and the home page's "Việc cần xử lý" count the same rows."""
    from phoihop.programs.choices import FigureStatus
    from phoihop.programs.services import approvable_q

    return PeriodicFigure.objects.restrict(user).filter(status=FigureStatus.SUBMITTED).filter(approvable_q(user))


#: a value this many times its peers' median (or a third of it), or this many times its own previous value, is
#: flagged before approval
OUTLIER_FACTOR = Decimal(3)
#: peers needed for a median to mean something
OUTLIER_MIN_PEERS = 2


def outliers(user, figures) -> dict:
    """{figure id: warning text} for the values among ``figures`` that look implausible — three times (or a third
    of) the median of the other organisations' values of the same indicator and period, or three times the
    organisation's own previous value — so the approver checks before approving. Two queries, counted through
    the gate."""
    import statistics

    from django.utils.translation import gettext as _

    from phoihop.programs.computing import format_value
    from phoihop.programs.periods import previous_period

    figures = [figure for figure in figures if figure.value is not None]
    if not figures:
        return {}
    visible = PeriodicFigure.objects.restrict(user, Action.COUNT).filter(
        status__in=REPORTED_STATUSES, value__isnull=False
    )
    keys = {(f.indicator_id, f.period_start) for f in figures}
    peers = defaultdict(list)
    for indicator_id, start, organisation_id, value in visible.filter(
        indicator_id__in={k[0] for k in keys}, period_start__in={k[1] for k in keys}
    ).values_list("indicator_id", "period_start", "organisation_id", "value"):
        peers[(indicator_id, start)].append((organisation_id, value))
    previous_keys = {
        (f.indicator_id, f.organisation_id, previous_period(f.period_type, f.period_start)) for f in figures
    }
    previous = {
        (indicator_id, organisation_id, start): value
        for indicator_id, organisation_id, start, value in visible.filter(
            indicator_id__in={k[0] for k in previous_keys},
            organisation_id__in={k[1] for k in previous_keys},
            period_start__in={k[2] for k in previous_keys},
        ).values_list("indicator_id", "organisation_id", "period_start", "value")
    }
    notes = {}
    for figure in figures:
        texts = []
        others = [
            value for org, value in peers[(figure.indicator_id, figure.period_start)] if org != figure.organisation_id
        ]
        if len(others) >= OUTLIER_MIN_PEERS:
            median = Decimal(statistics.median(others))
            if median > 0 and figure.value >= OUTLIER_FACTOR * median:
                texts.append(
                    _("%(times)s times the median of %(count)s other units for the period (%(median)s)")
                    % {
                        "times": format_value(figure.value / median, 1),
                        "count": len(others),
                        "median": format_value(median, figure.indicator.decimals),
                    }
                )
            elif median > 0 and figure.value * OUTLIER_FACTOR <= median:
                texts.append(
                    _("less than a third of the median of %(count)s other units for the period (%(median)s)")
                    % {"count": len(others), "median": format_value(median, figure.indicator.decimals)}
                )
        before = previous.get(
            (figure.indicator_id, figure.organisation_id, previous_period(figure.period_type, figure.period_start))
        )
        if before and before > 0 and figure.value >= OUTLIER_FACTOR * before:
            texts.append(
                _("%(times)s times the unit's previous value (%(previous)s)")
                % {
                    "times": format_value(figure.value / before, 1),
                    "previous": format_value(before, figure.indicator.decimals),
                }
            )
        if texts:
            notes[figure.pk] = "; ".join(texts)
    return notes
