"""Values of indicators computed from the records (forest plots, houses, resettlement, sponsorships).

``computed_value(indicator, organisation, period_start)`` adds up the records of ``organisation`` and its whole
subtree that belong to the indicator's programme (records with another programme or none are ignored), are not
deleted, and fall in the period, according to the indicator's source:

==========================  ===========================================================================
source                      value
==========================  ===========================================================================
``forest_area``             Σ ``area_ha`` of forest plots planted in the period (``planted_on``; for a
                            yearly period ``year_planted``, since ``planted_on`` is optional)
``forest_households``       Σ ``households_contracted`` of the same plots
``houses_started``          houses whose ``start_date`` falls in the period (whatever happened next)
``houses_handed_over``      houses with the status "handed over" whose ``handover_date`` falls in it
``resettled_households``    Σ ``households`` of resettlement records dated in the period
``resettled_people``        Σ ``people`` of the same records
``sponsored_children``      sponsorships active on the period's last day (a stock, not a flow)
``sponsorship_support``     Σ ``monthly_support`` × the months of the period in which the sponsorship is
                            active on at least one day (VND)
==========================  ===========================================================================

This is a system computation, not a read through the gate: it is run for the reporting organisation's
reporters (``services.figure_compute``, the entry page), whose gate covers that organisation's subtree, so it
adds up nothing they could not list themselves. Totals only leave it — never people's personal data.
"""

import datetime
from decimal import Decimal

from django.db.models import Count, Q, Sum

from phoihop.programs.choices import HouseStatus, IndicatorSource, PeriodType
from phoihop.programs.models import ForestPlot, House, Resettlement, Sponsorship
from phoihop.programs.periods import next_period, period_end, period_start_of

ZERO = Decimal(0)


def is_computed(indicator) -> bool:
    return indicator.source != IndicatorSource.MANUAL


def _records(model, org_field, indicator, organisation):
    return model.objects.filter(
        **{f"{org_field}__path__startswith": organisation.path, "programme_id": indicator.programme_id}
    )


def _total(queryset, expression) -> Decimal:
    value = queryset.aggregate(total=expression)["total"]
    # SQLite adds decimals as floats (96.30000000000001); every source has at most two decimals.
    return Decimal(str(value)).quantize(Decimal("0.01")) if value is not None else ZERO


def _forest_plots(indicator, organisation, period_type, start, end):
    plots = _records(ForestPlot, "organisation", indicator, organisation)
    if period_type == PeriodType.YEAR:
        return plots.filter(year_planted=start.year)
    return plots.filter(planted_on__gte=start, planted_on__lte=end)


def months_active(start, end, active_from, active_to) -> int:
    """Months of the period [start, end] in which [active_from, active_to] (open when None) has at least one
    day."""
    months, month = 0, start
    while month <= end:
        last = next_period(PeriodType.MONTH, month) - datetime.timedelta(days=1)
        if active_from <= last and (active_to is None or active_to >= month):
            months += 1
        month = next_period(PeriodType.MONTH, month)
    return months


def computed_value(indicator, organisation, period_start) -> Decimal | None:
    """The indicator's value for ``organisation`` (with its subtree) in the period starting ``period_start``;
    ``None`` for an indicator entered directly."""
    source = indicator.source
    if source == IndicatorSource.MANUAL:
        return None
    period_type = indicator.period_type
    start = period_start_of(period_type, period_start)
    end = period_end(period_type, start)
    if source == IndicatorSource.FOREST_AREA:
        return _total(_forest_plots(indicator, organisation, period_type, start, end), Sum("area_ha"))
    if source == IndicatorSource.FOREST_HOUSEHOLDS:
        return _total(_forest_plots(indicator, organisation, period_type, start, end), Sum("households_contracted"))
    houses = _records(House, "organisation", indicator, organisation)
    if source == IndicatorSource.HOUSES_STARTED:
        return _total(houses.filter(start_date__gte=start, start_date__lte=end), Count("pk"))
    if source == IndicatorSource.HOUSES_HANDED_OVER:
        handed_over = houses.filter(status=HouseStatus.HANDED_OVER, handover_date__gte=start, handover_date__lte=end)
        return _total(handed_over, Count("pk"))
    resettled = _records(Resettlement, "organisation", indicator, organisation).filter(date__gte=start, date__lte=end)
    if source == IndicatorSource.RESETTLED_HOUSEHOLDS:
        return _total(resettled, Sum("households"))
    if source == IndicatorSource.RESETTLED_PEOPLE:
        return _total(resettled, Sum("people"))
    sponsorships = _records(Sponsorship, "sponsoring_unit", indicator, organisation)
    if source == IndicatorSource.SPONSORED_CHILDREN:
        active = sponsorships.filter(start_date__lte=end).filter(Q(end_date__isnull=True) | Q(end_date__gte=end))
        return _total(active, Count("pk"))
    if source == IndicatorSource.SPONSORSHIP_SUPPORT:
        overlapping = sponsorships.filter(start_date__lte=end).filter(Q(end_date__isnull=True) | Q(end_date__gte=start))
        total = ZERO
        for monthly, active_from, active_to in overlapping.values_list("monthly_support", "start_date", "end_date"):
            total += monthly * months_active(start, end, active_from, active_to)
        return total
    raise ValueError(f"Unknown indicator source {source!r}")


def format_value(value, decimals=0) -> str:
    """A figure the Vietnamese way with the indicator's decimal places: ``3.840,5``; "—" when empty."""
    from django.utils.formats import number_format

    if value is None:
        return "—"
    return number_format(Decimal(value), decimal_pos=decimals, use_l10n=True, force_grouping=True)
