"""Dashboard panel of the mass movements: holiday visits of the year with households, gifts and value, by occasion
(``reports.panels``; the figures come from ``movements.selectors.visit_figures``)."""

from phoihop.movements.selectors import visit_figures
from phoihop.reports.panels import Panel, ddmmyyyy, register


@register
class VisitsPanel(Panel):
    key = "visits"
    order = 70
    kpi_template = "movements/dashboard/visits_kpis.html"
    template = "movements/dashboard/visits.html"

    def compute(self, scope, links):
        figures = visit_figures(scope)
        name = "movements:holidayvisit_list"
        period = {"held_from": ddmmyyyy(scope.start), "held_to": ddmmyyyy(scope.end)}
        by_occasion = [
            {
                **{key: row[key] for key in ("name", "visits", "households", "gifts", "value")},
                "url": links.url(name, "visiting_organisation", occasion=row["id"], **period),
            }
            for row in figures["by_occasion"]
        ]
        totals = {key: figures[key] for key in ("visits", "households", "gifts", "value")}
        return {
            "visits": {**totals, "url": links.url(name, "visiting_organisation", **period), "by_occasion": by_occasion}
        }
