"""Dashboard panels of the programmes: progress against the year's targets and the completeness of the periodic
figures (``reports.panels``).

Progress reads the figures the user may *view*, as the programme pages do (``programs.progress``: official =
approved and locked figures; targets combined the same way); a programme whose owner is in the scope counts whole,
any other one with the figures of the scope's subtree. Completeness is ``selectors.completeness_figures`` over the
periods of the year up to today, with the ``view`` action too, so each row equals the completeness page it opens.
"""

import datetime
from collections import defaultdict
from urllib.parse import urlencode

from django.urls import reverse

from phoihop.core.access import member_paths
from phoihop.core.choices import Action
from phoihop.orgs.models import Organisation
from phoihop.programs import progress as programme_progress
from phoihop.programs import selectors
from phoihop.programs.choices import FigureStatus
from phoihop.programs.completeness import percent
from phoihop.programs.models import Indicator, IndicatorTarget, PeriodicFigure, Programme
from phoihop.reports.panels import Panel, ddmmyyyy, register

OFFICIAL = [FigureStatus.APPROVED, FigureStatus.LOCKED]
PENDING = [FigureStatus.DRAFT, FigureStatus.SUBMITTED, FigureStatus.REOPENED]


@register
class ProgressPanel(Panel):
    key = "programmes"
    order = 50
    template = "programs/dashboard/progress.html"
    version_models = (PeriodicFigure,)

    def compute(self, scope, links):
        """Per programme concerning the scope and running in the year: each indicator's official value against
        its target. Five queries whatever the number of programmes."""
        user, year = scope.user, scope.start.year
        programmes = list(selectors.scope_programmes(scope, Action.VIEW).select_related("owner").order_by("code", "pk"))
        if not programmes:
            return {"programmes": []}
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
        participants = defaultdict(set)
        for programme_id, organisation_id in Programme.participants.through.objects.filter(
            programme_id__in=ids,
            organisation__in=Organisation.objects.restrict(user).filter(scope.organisation_q()).values("pk"),
        ).values_list("programme_id", "organisation_id"):
            participants[programme_id].add(organisation_id)
        result = []
        for programme in programmes:
            whole = scope.contains(programme.owner.path)
            rows = figures[programme.pk]
            if not whole:
                rows = [r for r in rows if scope.contains(r["organisation__path"])]
            item = self.programme(
                scope,
                programme,
                indicators[programme.pk],
                rows,
                targets[programme.pk],
                whole,
                links,
                participants[programme.pk],
            )
            if item["indicators"]:
                result.append(item)
        return {"programmes": result}

    def programme(self, scope, programme, indicators, rows, target_rows, whole, links, participants):
        user, year, today = scope.user, scope.start.year, scope.today
        root = scope.organisations[0] if scope.organisations else None
        if whole:
            roots = None if programme_progress.reads_every_figure(user, programme) else member_paths(user)
        else:
            roots = scope.paths
        targets = programme_progress.combine_targets(target_rows, roots)
        by_indicator = defaultdict(list)
        for row in rows:
            by_indicator[row["indicator_id"]].append(row)
        first_year = min([programme.start_date.year, *(row["period_start"].year for row in rows)])
        years = list(range(first_year, max(year, first_year) + 1))
        per_org = not whole and root is not None and (root.pk == programme.owner_id or root.pk in participants)
        progress_query = {"year": year, **({"organisation": root.pk} if per_org else {})}
        result = {
            "id": programme.pk,
            "code": programme.code,
            "name": programme.name,
            "whole": whole,
            "url": reverse("programs:programme_progress", args=[programme.pk]) + "?" + urlencode(progress_query),
            "indicators": [],
        }
        figures_link = {
            "programme": programme.pk,
            "period_from": ddmmyyyy(datetime.date(year, 1, 1)),
            "period_to": ddmmyyyy(datetime.date(year, 12, 31)),
        }
        scope_param = None if whole else "organisation"
        for indicator in indicators:
            item = programme_progress._progress_of(
                indicator, by_indicator[indicator.pk], targets.get(indicator.pk), year, years, today
            )
            percent_value = item.percent
            link = {**figures_link, "indicator": indicator.pk}
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
                    "percent": float(percent_value) if percent_value is not None else None,
                    "bar": min(100, round(float(percent_value))) if percent_value is not None else 0,
                    "text": item.display,
                    "url": links.url("programs:periodicfigure_list", scope_param, status=OFFICIAL, **link),
                    "pending_url": links.url("programs:periodicfigure_list", scope_param, status=PENDING, **link),
                }
            )
        return result


@register
class CompletenessPanel(Panel):
    key = "completeness"
    order = 60
    kpi_template = "programs/dashboard/completeness_kpis.html"
    template = "programs/dashboard/completeness.html"
    version_models = (PeriodicFigure,)

    def compute(self, scope, links):
        last = min(scope.end, scope.today)
        rows = (
            selectors.completeness_figures(scope.with_period(scope.start, last), Action.VIEW)
            if last >= scope.start
            else []
        )
        for row in rows:
            query = {
                "programme": row["programme_id"],
                "period_type": row["period_type"],
                "date_from": ddmmyyyy(scope.start),
                "date_to": ddmmyyyy(last),
            }
            row["url"] = reverse("programs:figure_completeness") + "?" + urlencode(query)
        totals = selectors.completeness_totals(rows)
        return {
            "completeness": {
                "rows": rows,
                "expected": totals["expected"],
                "reported": totals["reported"],
                "on_time": totals["on_time"],
                "completeness": percent(totals["reported"], totals["expected"]),
                "timeliness": percent(totals["on_time"], totals["expected"]),
            }
        }
