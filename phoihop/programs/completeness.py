"""Completeness and timeliness of the periodic figures of a programme (like DHIS2's reporting rate).

For a programme, a period type and a range of periods:

* **expected reporters** are the programme's participating organisations only (not the units below them: a
  participant reports for its whole subtree, and computed values add up the subtree's records), narrowed by the
  gate to the organisations the user may see;
* **a report** is one organisation's values of *every* indicator of the programme with that period type, for one
  period. It is **reported** when each of them has been submitted (status submitted, approved, locked or
  reopened); it is **on time** when each was submitted on or before its deadline — the period's last day plus
  the indicator's ``deadline_days`` — and **late** otherwise. A report with values missing is **not reported**
  (the cell shows how many of the indicators are in); it is **overdue** once the latest deadline has passed,
  and **not yet due** before that;
* per period: completeness = reported ÷ expected, timeliness = on time ÷ expected (DHIS2's definitions), in %;
  and the list of the organisations that have not reported.

Queries: five, whatever the number of organisations and periods (the programme's indicators, the
organisations, the figures, plus the gate's own look-ups).
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from django.utils import timezone
from django.utils.translation import gettext as _

from phoihop.core.numbers import rate
from phoihop.core.spreadsheets import workbook_bytes
from phoihop.orgs.models import Organisation
from phoihop.programs.models import Indicator, PeriodicFigure
from phoihop.programs.periods import period_end, period_label
from phoihop.programs.services import REPORTED_STATUSES

ON_TIME, LATE, OVERDUE, NOT_DUE = "on_time", "late", "overdue", "not_due"


def status_labels():
    return {
        ON_TIME: _("On time"),
        LATE: _("Late"),
        OVERDUE: _("Not reported (overdue)"),
        NOT_DUE: _("Not reported yet (not due)"),
    }


def deadline(indicator, start) -> datetime.date:
    """The reporting deadline of ``indicator`` for the period starting ``start``."""
    return period_end(indicator.period_type, start) + datetime.timedelta(days=indicator.deadline_days)


percent = rate


def report_status(indicators, submitted: dict, start, today) -> str:
    """The status of one organisation's report for the period starting ``start``: ``submitted`` maps the pk of each
    indicator of the report (``indicators``: every one of the period type) that has been submitted to its
    submission time. On time when every value was submitted by its deadline, late when every one is in but one
    after its deadline; otherwise overdue once the latest deadline has passed, not yet due before. The one rule of
    the completeness page, the dashboard and the report."""
    if len(submitted) == len(indicators):
        on_time = all(
            submitted[i.pk] is not None and timezone.localtime(submitted[i.pk]).date() <= deadline(i, start)
            for i in indicators
        )
        return ON_TIME if on_time else LATE
    latest = max((deadline(i, start) for i in indicators), default=start)
    return OVERDUE if today > latest else NOT_DUE


@dataclass
class Cell:
    period_start: datetime.date
    status: str
    reported: int  # indicators reported
    expected: int  # indicators expected
    last_submitted: datetime.datetime | None = None

    @property
    def is_reported(self):
        return self.status in (ON_TIME, LATE)

    @property
    def label(self):
        return status_labels()[self.status]


@dataclass
class Row:
    organisation: Organisation
    cells: list[Cell]


@dataclass
class PeriodSummary:
    start: datetime.date
    label: str
    deadline: datetime.date
    expected: int = 0
    on_time: int = 0
    late: int = 0
    not_reported: list = field(default_factory=list)  # organisations

    @property
    def reported(self):
        return self.on_time + self.late

    @property
    def completeness(self):
        return percent(self.reported, self.expected)

    @property
    def timeliness(self):
        return percent(self.on_time, self.expected)


@dataclass
class Completeness:
    programme: object
    period_type: str
    indicators: list
    periods: list[PeriodSummary]
    rows: list[Row]

    @property
    def expected(self):
        return sum(p.expected for p in self.periods)

    @property
    def reported(self):
        return sum(p.reported for p in self.periods)

    @property
    def on_time(self):
        return sum(p.on_time for p in self.periods)

    @property
    def completeness(self):
        return percent(self.reported, self.expected)

    @property
    def timeliness(self):
        return percent(self.on_time, self.expected)


def figure_completeness(user, programme, period_type, periods, today=None) -> Completeness:
    """The completeness of ``programme``'s figures of ``period_type`` for the period starts ``periods``, as
    ``user`` may see it (organisations and figures both pass the gate)."""
    today = today or timezone.localdate()
    # Periods ending before the programme's reporting start, or starting after its end, owe nothing (the rule of
    # ``selectors.expected_periods``).
    periods = [
        start
        for start in periods
        if period_end(period_type, start) >= programme.reporting_start
        and (programme.end_date is None or start <= programme.end_date)
    ]
    indicators = list(
        Indicator.objects.restrict(user)
        .filter(programme=programme, period_type=period_type)
        .order_by("sort_order", "code")
    )
    organisations = list(
        Organisation.objects.restrict(user).filter(programmes=programme).select_related("kind").order_by("path")
    )
    summaries = [
        PeriodSummary(
            start=start,
            label=period_label(period_type, start),
            deadline=max((deadline(i, start) for i in indicators), default=period_end(period_type, start)),
        )
        for start in periods
    ]
    result = Completeness(programme, period_type, indicators, summaries, [])
    if not indicators or not organisations or not periods:
        return result
    submitted = {}  # (organisation, indicator, period) → submitted_at
    figures = PeriodicFigure.objects.restrict(user).filter(
        indicator__in=[i.pk for i in indicators],
        organisation__in=[o.pk for o in organisations],
        period_start__in=periods,
        status__in=REPORTED_STATUSES,
    )
    for org_id, indicator_id, start, submitted_at in figures.values_list(
        "organisation_id", "indicator_id", "period_start", "submitted_at"
    ):
        submitted[(org_id, indicator_id, start)] = submitted_at
    by_period = defaultdict(list)
    for organisation in organisations:
        cells = []
        for summary in summaries:
            start = summary.start
            times = {
                indicator.pk: submitted[(organisation.pk, indicator.pk, start)]
                for indicator in indicators
                if (organisation.pk, indicator.pk, start) in submitted
            }
            last = max((t for t in times.values() if t is not None), default=None)
            status = report_status(indicators, times, start, today)
            cell = Cell(start, status, len(times), len(indicators), last)
            cells.append(cell)
            by_period[start].append((organisation, cell))
        result.rows.append(Row(organisation, cells))
    for summary in summaries:
        for organisation, cell in by_period[summary.start]:
            summary.expected += 1
            if cell.status == ON_TIME:
                summary.on_time += 1
            elif cell.status == LATE:
                summary.late += 1
            else:
                summary.not_reported.append(organisation)
    return result


def completeness_workbook(result: Completeness, title: str) -> bytes:
    """The table as .xlsx: organisations × periods (status of each report), the per-period rates, and the
    list of the organisations that have not reported."""
    import openpyxl
    from openpyxl.styles import Font, PatternFill

    bold = Font(bold=True)
    fills = {
        ON_TIME: PatternFill("solid", fgColor="D1E7DD"),
        LATE: PatternFill("solid", fgColor="FFF3CD"),
        OVERDUE: PatternFill("solid", fgColor="F8D7DA"),
    }
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = _("Completeness")[:31]
    sheet.append([title])
    sheet["A1"].font = bold
    sheet.append([_("Organisation"), _("Code"), *[p.label for p in result.periods]])
    for cell in sheet[2]:
        cell.font = bold
    for row in result.rows:
        sheet.append(
            [
                str(row.organisation),
                row.organisation.code,
                *[
                    c.label if c.is_reported or c.reported == 0 else f"{c.label} ({c.reported}/{c.expected})"
                    for c in row.cells
                ],
            ]
        )
        for index, c in enumerate(row.cells, start=3):
            if c.status in fills:
                sheet.cell(row=sheet.max_row, column=index).fill = fills[c.status]
    sheet.append([])
    for label, getter in (
        (_("Deadline"), lambda p: p.deadline.strftime("%d/%m/%Y")),
        (_("Expected"), lambda p: p.expected),
        (_("Reported"), lambda p: p.reported),
        (_("On time"), lambda p: p.on_time),
        (_("Late"), lambda p: p.late),
        (_("Completeness (%)"), lambda p: p.completeness),
        (_("Timeliness (%)"), lambda p: p.timeliness),
    ):
        sheet.append([label, "", *[getter(p) for p in result.periods]])
        sheet.cell(row=sheet.max_row, column=1).font = bold
    sheet.column_dimensions["A"].width = 40
    sheet.column_dimensions["B"].width = 12

    missing = book.create_sheet(_("Not reported")[:31])
    missing.append([_("Reporting period"), _("Organisation"), _("Code")])
    for cell in missing[1]:
        cell.font = bold
    for period in result.periods:
        for organisation in period.not_reported:
            missing.append([period.label, str(organisation), organisation.code])
    missing.column_dimensions["A"].width = 18
    missing.column_dimensions["B"].width = 40
    return workbook_bytes(book)
