"""One filter definition per record type of cadre planning (plans and the people in them): their list pages, API
endpoints and exports."""

import django_filters
from django.utils.translation import gettext_lazy as _

from phoihop.cadres.choices import Gender, PlanLevel, PlannedSource, PlanTerm, RemovalReason
from phoihop.cadres.filtersets.people import PeriodFilterMixin, date_range, organisation_filter, person_filter
from phoihop.cadres.models import CadrePlan, PlannedCadre
from phoihop.core.filtersets import BaseFilterSet


class CadrePlanFilterSet(PeriodFilterMixin, BaseFilterSet):
    organisation = organisation_filter(label=_("Planning committee (with its units)"), subtree=True)
    term = django_filters.MultipleChoiceFilter(choices=PlanTerm.choices, label=_("Term"))
    level = django_filters.MultipleChoiceFilter(choices=PlanLevel.choices, label=_("Level"))
    decided_from, decided_to = date_range("decision_date", _("Decided from"), _("Decided until"))

    class Meta:
        model = CadrePlan
        fields = ["q", "organisation", "term", "level", "decided_from", "decided_to"]


class PlannedCadreFilterSet(PeriodFilterMixin, BaseFilterSet):
    plan = django_filters.ModelChoiceFilter(queryset=CadrePlan.objects.all(), label=_("Cadre plan"))
    person = person_filter(label=_("Cadre"))
    organisation = organisation_filter("plan__organisation", _("Planning committee (with its units)"), subtree=True)
    term = django_filters.MultipleChoiceFilter(field_name="plan__term", choices=PlanTerm.choices, label=_("Term"))
    source = django_filters.MultipleChoiceFilter(choices=PlannedSource.choices, label=_("Origin of the cadre"))
    in_plan = django_filters.BooleanFilter(field_name="removed_on", lookup_expr="isnull", label=_("Still in the plan"))
    removal_reason = django_filters.MultipleChoiceFilter(choices=RemovalReason.choices, label=_("Reason for removal"))
    sex = django_filters.ChoiceFilter(field_name="person__sex", choices=Gender.choices, label=_("Sex"))
    minority = django_filters.BooleanFilter(field_name="person__ethnic_group__is_minority", label=_("Ethnic minority"))
    removed_from, removed_to = date_range("removed_on", _("Removed from"), _("Removed until"))

    class Meta:
        model = PlannedCadre
        fields = [
            "q",
            "plan",
            "person",
            "organisation",
            "term",
            "source",
            "in_plan",
            "removal_reason",
            "sex",
            "minority",
            "removed_from",
            "removed_to",
        ]
