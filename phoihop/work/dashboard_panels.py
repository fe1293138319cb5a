"""Dashboard panels of the coordination work: tasks, dissemination and outreach (``reports.panels``).

Each figure comes from ``work.selectors`` (the statistics page and the report sections call the same functions);
this module only adds the URL of the list behind every number, with that list's own filters.
"""

import calendar
import datetime

from phoihop.core.choices import Action
from phoihop.orgs.models import Organisation
from phoihop.reports.panels import Panel, ddmmyyyy, register
from phoihop.work import selectors
from phoihop.work.choices import TaskStatus

#: the statuses of the tasks counted in a total (every one but cancelled)
LIVE_STATUSES = [value for value in TaskStatus.values if value != TaskStatus.CANCELLED]


def months_between(start: datetime.date, end: datetime.date) -> list[datetime.date]:
    """The first days of the months from ``start``'s to ``end``'s."""
    months, month = [], start.replace(day=1)
    while month <= end:
        months.append(month)
        month = (month + datetime.timedelta(days=32)).replace(day=1)
    return months


@register
class TasksPanel(Panel):
    key = "tasks"
    order = 10
    kpi_template = "work/dashboard/tasks_kpis.html"
    template = "work/dashboard/tasks.html"

    def compute(self, scope, links):
        """``selectors.task_figures`` of the tasks due in the year that concern the scope (assigned by it or with
        a unit in it), with the lists behind them; the lead units with the most overdue tasks first."""
        figures = selectors.task_figures(scope)
        name = "work:task_list"
        period = {"deadline_from": ddmmyyyy(scope.start), "deadline_to": ddmmyyyy(scope.end)}
        by_status = [
            {**row, "url": links.url(name, "unit", status=row["value"], **period)} for row in figures["by_status"]
        ]
        # the list's "lead unit" filter offers only the organisations the user may view (a lead unit outside them,
        # e.g. one the scope assigned a task to, gets no link rather than a link to an invalid filter)
        listable = set(
            Organisation.objects.restrict(scope.user, Action.VIEW)
            .filter(pk__in=[row["id"] for row in figures["by_unit"]])
            .values_list("pk", flat=True)
        )
        by_unit = []
        for row in figures["by_unit"]:
            lead = {"lead": row["id"], **period}
            linked = row["id"] in listable
            by_unit.append(
                {
                    **row,
                    "url": links.url(name, "unit", status=LIVE_STATUSES, **lead) if linked else None,
                    "done_url": links.url(name, "unit", status=TaskStatus.DONE, **lead) if linked else None,
                    "overdue_url": links.url(name, "unit", overdue="true", **lead) if linked else None,
                }
            )
        by_unit.sort(key=lambda r: (-r["overdue"], r["name"] or ""))
        return {
            "tasks": {
                "total": figures["total"],
                "cancelled": figures["cancelled"],
                "url": links.url(name, "unit", status=LIVE_STATUSES, **period),
                "by_status": by_status,
                "by_unit": by_unit,
                "done": figures["done"],
                "on_time": figures["on_time"],
                "late": figures["late"],
                "on_time_rate": figures["on_time_rate"],
                "done_url": links.url(name, "unit", status=TaskStatus.DONE, **period),
                "overdue": figures["overdue"],
                "overdue_url": links.url(name, "unit", overdue="true", **period),
            }
        }

    def charts(self, figures):
        rows = [r for r in figures["tasks"]["by_status"] if r["value"] != TaskStatus.CANCELLED]
        return {"tasks": [{"label": r["label"], "value": r["count"], "url": r["url"]} for r in rows]}


@register
class DisseminationPanel(Panel):
    key = "dissemination"
    order = 20
    kpi_template = "work/dashboard/dissemination_kpis.html"

    def compute(self, scope, links):
        """``selectors.dissemination_figures`` of the duties due in the year (done by the end of the year)."""
        figures = selectors.dissemination_figures(scope)
        period = {"deadline_from": ddmmyyyy(scope.start), "deadline_to": ddmmyyyy(scope.end)}
        done_by = {"done_by": ddmmyyyy(scope.end)}
        name = "work:dissemination_list"
        return {
            "dissemination": {
                **figures,
                "url": links.url(name, "organisation", **period),
                "done_url": links.url(name, "organisation", status="done", **period, **done_by),
                "not_done_url": links.url(name, "organisation", status="not_done", **period, **done_by),
                "overdue_url": links.url(name, "organisation", status="overdue", **period, **done_by),
            }
        }


@register
class OutreachPanel(Panel):
    key = "outreach"
    order = 30
    kpi_template = "work/dashboard/outreach_kpis.html"
    template = "work/dashboard/outreach.html"

    def compute(self, scope, links):
        """``selectors.outreach_figures``: sessions held in the year and their audience, every month shown."""
        figures = selectors.outreach_figures(scope)
        counted = {row["month"]: row for row in figures["by_month"]}
        name = "work:outreachsession_list"
        months = []
        for month in months_between(scope.start, scope.end):
            row = counted.get(month, {"sessions": 0, "audience": 0})
            last = month.replace(day=calendar.monthrange(month.year, month.month)[1])
            months.append(
                {
                    "label": month.strftime("%m/%Y"),
                    "sessions": row["sessions"],
                    "audience": row["audience"],
                    "url": links.url(name, "organiser", held_from=ddmmyyyy(month), held_to=ddmmyyyy(last)),
                }
            )
        return {
            "outreach": {
                "sessions": figures["sessions"],
                "audience": figures["audience"],
                "url": links.url(name, "organiser", held_from=ddmmyyyy(scope.start), held_to=ddmmyyyy(scope.end)),
                "by_month": months,
            }
        }

    def charts(self, figures):
        return {
            "outreach": [
                {"label": m["label"], "sessions": m["sessions"], "audience": m["audience"], "url": m["url"]}
                for m in figures["outreach"]["by_month"]
            ]
        }
