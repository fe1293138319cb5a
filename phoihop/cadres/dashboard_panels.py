"""Dashboard panel of cadre work and Party building: officers seconded to local committees and party members in
charge of households against the same day last year, the ratings of the year, the courses of the year and the
planning structure against its targets (``reports.panels``; the figures are ``cadres.selectors.cadre_figures``, those
of the statistics page, its API and the review report).

Totals only, never a person: the people behind the numbers are personal data, so no number opens a list of them;
the panel links to the statistics page of the same scope and year, which prints the same totals (a viewer without
the personal-data permission, and the Tỉnh ủy through a "totals only" sharing rule, read them too)."""

from urllib.parse import urlencode

from django.urls import reverse

from phoihop.cadres import selectors
from phoihop.core.scope import with_comparison
from phoihop.reports.panels import Panel, ddmmyyyy, register


def statistics_url(scope) -> str:
    """The statistics page of the panel's scope and period (its unit filter accepts every unit the user may count)."""
    query = {"date_from": ddmmyyyy(scope.start), "date_to": ddmmyyyy(scope.end)}
    if scope.organisations:
        query["unit"] = scope.organisations[0].pk
    return f"{reverse('cadres:statistics')}?{urlencode(query)}"


def is_empty(figures) -> bool:
    """Whether the scope counts nothing of cadre work in the year or the one before."""
    secondments, households = figures["secondments"], figures["households"]
    ratings, training = figures["ratings"], figures["training"]
    return not any(
        (
            secondments["officers"],
            secondments["previous_officers"],
            households["members"],
            households["previous_members"],
            figures["planning"]["overall"]["plans"],
            ratings["organisations"]["total"],
            ratings["organisations"]["previous"]["total"],
            ratings["members"]["total"],
            training["courses"],
            training["previous_courses"],
            figures["people"]["total"],
        )
    )


@register
class CadrePanel(Panel):
    key = "cadres"
    order = 45
    kpi_template = "cadres/dashboard/cadres_kpis.html"
    template = "cadres/dashboard/cadres.html"

    def compute(self, scope, links):
        """The year against the same period last year (``with_comparison``, the statistics page's rule); nothing
        when the scope counts no record of cadre work."""
        scope = with_comparison(scope)
        figures = selectors.cadre_figures(scope)
        if is_empty(figures):
            return {"cadres": None}
        secondments, households, training = figures["secondments"], figures["households"], figures["training"]
        organisations = figures["ratings"]["organisations"]
        overall = figures["planning"]["overall"]
        labels = selectors.structure_targets_labels()
        return {
            "cadres": {
                "as_at": figures["as_at"],
                "previous_as_at": figures["previous_as_at"],
                "officers": secondments["officers"],
                "previous_officers": secondments["previous_officers"],
                "committees": secondments["committees"],
                "household_members": households["members"],
                "households": households["households"],
                "previous_household_members": households["previous_members"],
                "previous_households": households["previous_households"],
                "rating_year": figures["ratings"]["year"],
                "organisations_rated": organisations["total"],
                "clean_and_strong": organisations["clean_and_strong"],
                "previous_clean_and_strong": organisations["previous"]["clean_and_strong"],
                "courses": training["courses"],
                "people_trained": training["people"],
                "previous_courses": training["previous_courses"],
                "people": figures["people"]["total"],
                "plans": overall["plans"],
                "planned": overall["total"],
                "structure": [
                    {
                        "key": key,
                        "label": str(labels[key]),
                        "count": overall[key],
                        "share": overall["shares"][key],
                        "meeting": overall["meeting_target"][key],
                        "with_target": overall["with_target"][key],
                    }
                    for key, _field in selectors.STRUCTURE_TARGETS
                ],
                "groups": selectors.summary_groups(figures),
                "url": statistics_url(scope),
            }
        }
