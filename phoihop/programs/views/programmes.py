"""Pages of programmes (with budgets, indicators and targets) and of the managed list of funding sources."""

from django.db.models import Count, Sum
from django.urls import reverse

from phoihop.core.access import can
from phoihop.core.choices import Action
from phoihop.core.urls_helpers import RecordViews
from phoihop.core.views.generic import ObjectDetailView, display_fields
from phoihop.programs.choices import HouseStatus
from phoihop.programs.filtersets import programmes as programme_filtersets
from phoihop.programs.forms import programmes as programme_forms
from phoihop.programs.models import (
    ForestPlot,
    FundingSource,
    House,
    Indicator,
    IndicatorTarget,
    Programme,
    ProgrammeBudget,
    Resettlement,
    Sponsorship,
)
from phoihop.programs.tables import programmes as programme_tables


class PlainYearsDetailView(ObjectDetailView):
    """The generic detail page, with years printed as written (2025, not 2.025)."""

    year_fields = ("year", "year_planted", "head_birth_year")

    def plain_fields(self, obj):
        names = {f.name for f in self.model._meta.get_fields()}
        labels = {self.model._meta.get_field(name).verbose_name for name in self.year_fields if name in names}
        return [
            (label, str(value) if label in labels and value is not None else value)
            for label, value in display_fields(obj, self.request.user)
        ]

    def get_extra_context(self, obj):
        return {"fields": self.plain_fields(obj)}


def programme_budgets(user, programme):
    """(rows by funding source, grand total) of the budget lines the user may see."""
    rows = list(
        ProgrammeBudget.objects.restrict(user, Action.VIEW)
        .filter(programme=programme)
        .values("source__name")
        .annotate(total=Sum("amount"), lines=Count("pk"))
        .order_by("source__sort_order", "source__name")
    )
    return rows, sum((row["total"] or 0 for row in rows), 0)


def programme_records(user, programme):
    """Counts and sums of the programme's records, through the gate (``count``: totals shared with the user are
    included). People are never counted by name: sponsored children are the sponsorships."""
    forest = (
        ForestPlot.objects.restrict(user, Action.COUNT)
        .filter(programme=programme)
        .aggregate(plots=Count("pk"), area=Sum("area_ha"), households=Sum("households_contracted"))
    )
    by_status = dict(
        House.objects.restrict(user, Action.COUNT)
        .filter(programme=programme)
        .values_list("status")
        .annotate(n=Count("pk"))
        .order_by()
    )
    houses = {
        "total": sum(by_status.values()),
        "cost": House.objects.restrict(user, Action.COUNT)
        .filter(programme=programme)
        .aggregate(t=Sum("total_cost"))["t"],
        "by_status": [(value, label, by_status.get(value, 0)) for value, label in HouseStatus.choices],
    }
    resettlement = (
        Resettlement.objects.restrict(user, Action.COUNT)
        .filter(programme=programme)
        .aggregate(records=Count("pk"), households=Sum("households"), people=Sum("people"))
    )
    sponsorship = (
        Sponsorship.objects.restrict(user, Action.COUNT)
        .filter(programme=programme)
        .aggregate(children=Count("pk"), monthly=Sum("monthly_support"))
    )
    return {"forest": forest, "houses": houses, "resettlement": resettlement, "sponsorship": sponsorship}


class ProgrammeDetailView(ObjectDetailView):
    def get_extra_context(self, obj):
        user = self.request.user
        budget_rows, budget_total = programme_budgets(user, obj)
        indicators = list(Indicator.objects.restrict(user, Action.VIEW).filter(programme=obj))
        targets = list(
            IndicatorTarget.objects.restrict(user, Action.VIEW)
            .filter(indicator__programme=obj)
            .select_related("indicator", "organisation")
            .order_by("year", "indicator__sort_order", "indicator__code", "organisation__name")
        )
        may_change = can(user, obj, Action.CHANGE)
        links = {}
        if may_change:
            for key, model in (("budget", ProgrammeBudget), ("indicator", Indicator), ("target", IndicatorTarget)):
                links[key] = f"{reverse(model.url_name('add'))}?programme={obj.pk}"
        return {
            "budget_rows": budget_rows,
            "budget_total": budget_total,
            "indicators": indicators,
            "targets": targets,
            "records": programme_records(user, obj),
            "add_links": links,
        }


funding_source_views = RecordViews(
    FundingSource.objects.all(),
    filterset=programme_filtersets.FundingSourceFilterSet,
    table=programme_tables.FundingSourceTable,
    form=programme_forms.FundingSourceForm,
)
programme_views = RecordViews(
    Programme.objects.select_related("owner", "investor").prefetch_related("participants"),
    filterset=programme_filtersets.ProgrammeFilterSet,
    table=programme_tables.ProgrammeTable,
    form=programme_forms.ProgrammeForm,
    detail_view=ProgrammeDetailView,
)
budget_views = RecordViews(
    ProgrammeBudget.objects.select_related("programme", "source"),
    filterset=programme_filtersets.ProgrammeBudgetFilterSet,
    table=programme_tables.ProgrammeBudgetTable,
    form=programme_forms.ProgrammeBudgetForm,
    detail_view=PlainYearsDetailView,
)
indicator_views = RecordViews(
    Indicator.objects.select_related("programme"),
    filterset=programme_filtersets.IndicatorFilterSet,
    table=programme_tables.IndicatorTable,
    form=programme_forms.IndicatorForm,
)
target_views = RecordViews(
    IndicatorTarget.objects.select_related("indicator", "organisation"),
    filterset=programme_filtersets.IndicatorTargetFilterSet,
    table=programme_tables.IndicatorTargetTable,
    form=programme_forms.IndicatorTargetForm,
    detail_view=PlainYearsDetailView,
)

urlpatterns = [
    *funding_source_views.urls("funding-sources"),
    *programme_views.urls("programmes"),
    *budget_views.urls("budgets"),
    *indicator_views.urls("indicators"),
    *target_views.urls("targets"),
]
