"""Reporting periods: a period is identified by its type and its first day."""

import datetime

from django.utils.translation import gettext as _

from phoihop.programs.choices import PeriodType


def period_start_of(period_type, day: datetime.date) -> datetime.date:
    """The first day of the period of ``period_type`` containing ``day``."""
    if period_type == PeriodType.MONTH:
        return day.replace(day=1)
    if period_type == PeriodType.QUARTER:
        return datetime.date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)
    return datetime.date(day.year, 1, 1)


def period_end(period_type, start: datetime.date) -> datetime.date:
    """The last day of the period starting on ``start``."""
    return next_period(period_type, start) - datetime.timedelta(days=1)


def next_period(period_type, start: datetime.date) -> datetime.date:
    months = {PeriodType.MONTH: 1, PeriodType.QUARTER: 3, PeriodType.YEAR: 12}[PeriodType(period_type)]
    month = start.month - 1 + months
    return datetime.date(start.year + month // 12, month % 12 + 1, 1)


def previous_period(period_type, start: datetime.date) -> datetime.date:
    return period_start_of(period_type, start - datetime.timedelta(days=1))


def periods_between(period_type, first: datetime.date, last: datetime.date) -> list[datetime.date]:
    """The starts of every period of ``period_type`` from the one containing ``first`` to the one containing
    ``last``."""
    start, stop, result = period_start_of(period_type, first), period_start_of(period_type, last), []
    while start <= stop:
        result.append(start)
        start = next_period(period_type, start)
    return result


def period_label(period_type, start: datetime.date) -> str:
    """ "Tháng 07/2025", "Quý III/2025", "Năm 2025"."""
    if period_type == PeriodType.MONTH:
        return _("Month %(month)02d/%(year)d") % {"month": start.month, "year": start.year}
    if period_type == PeriodType.QUARTER:
        roman = ["I", "II", "III", "IV"][(start.month - 1) // 3]
        return _("Quarter %(quarter)s/%(year)d") % {"quarter": roman, "year": start.year}
    return _("Year %(year)d") % {"year": start.year}
