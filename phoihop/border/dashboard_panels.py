"""Dashboard panel of the border registry: markers by condition, overdue inspections by post, inspections in the
year (``reports.panels``; the figures come from ``border.selectors``)."""

from phoihop.border import selectors
from phoihop.border.choices import Condition
from phoihop.reports.panels import Panel, ddmmyyyy, register


@register
class BorderPanel(Panel):
    key = "border"
    order = 40
    kpi_template = "border/dashboard/border_kpis.html"
    template = "border/dashboard/border.html"

    def compute(self, scope, links):
        figures = selectors.marker_compliance(scope)
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
        return {
            "border": {
                "markers": totals["total"],
                "url": links.url(name, "post"),
                "by_condition": conditions,
                "overdue": totals["overdue"],
                "overdue_rate": totals["overdue_rate"],
                "overdue_url": links.url(name, "post", overdue="true"),
                "never": totals["never"],
                "posts": posts,
                "inspections": selectors.scope_inspections(scope).count(),
                "inspections_url": links.url(
                    "border:inspection_list", "post", date_from=ddmmyyyy(scope.start), date_to=ddmmyyyy(scope.end)
                ),
            }
        }

    def charts(self, figures):
        return {
            "markers": [
                {"label": r["label"], "value": r["count"], "url": r["url"]} for r in figures["border"]["by_condition"]
            ]
        }
