"""Dashboard panel of crime prevention: operations, cases and subjects of the year against the same period last year,
by case category (``reports.panels``; the figures are ``security.selectors.crime_figures``, those of the statistics
page, its API and the review report).

A leader of an organisation that shares its cases as totals only (the Tỉnh ủy for the Border Guard) sees the counts
without links: there is no list of those cases to open (``panels.Links``)."""

from phoihop.reports.panels import Panel, ddmmyyyy, register
from phoihop.security import selectors


@register
class CrimePanel(Panel):
    key = "security"
    order = 50
    kpi_template = "security/dashboard/security_kpis.html"
    template = "security/dashboard/security.html"

    def compute(self, scope, links):
        """The year so far against the same period last year (``selectors.with_comparison``); nothing when the scope
        counts no case or operation in either period."""
        scope = selectors.with_comparison(scope)
        figures = selectors.crime_figures(scope)
        previous = figures["previous"] or {}
        if not (figures["cases"] or figures["operations"] or previous.get("cases") or previous.get("operations")):
            return {"security": None}
        name = "security:case_list"
        period = {"date_from": ddmmyyyy(scope.start), "date_to": ddmmyyyy(scope.as_at)}
        by_category = [
            {
                "id": row["id"],
                "code": row["code"],
                "name": row["name"],
                "cases": row["cases"],
                "subjects": row["subjects"],
                "previous_cases": row["previous_cases"],
                "previous_subjects": row["previous_subjects"],
                "operations": row["operations"],
                "url": links.url(name, "unit", category=row["id"], **period) if row["id"] else None,
            }
            for row in figures["by_category"]
        ]
        keys = ("operations", "cases", "subjects", "criminal_cases", "administrative_cases", "ownerless")
        return {
            "security": {
                **{key: figures[key] for key in keys},
                "previous": {key: previous.get(key, 0) for key in keys},
                "compare_start": scope.compare_start,
                "compare_end": scope.compare_end,
                "url": links.url(name, "unit", **period),
                "operations_url": links.url(
                    "security:operation_list",
                    "lead_unit",
                    opened_from=ddmmyyyy(scope.start),
                    opened_to=ddmmyyyy(scope.as_at),
                ),
                "by_category": by_category,
            }
        }
