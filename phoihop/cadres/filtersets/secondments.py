"""Filters of the secondments of officers to local committees and of the party members in charge of households:
their list pages, API endpoints and exports."""

import django_filters
from django.utils.translation import gettext_lazy as _

from phoihop.cadres.choices import CommitteeLevel, PlanTerm, SecondmentPosition
from phoihop.cadres.filtersets.people import PeriodFilterMixin, current_on_filter, organisation_filter, person_filter
from phoihop.cadres.models import HouseholdAssignment, Secondment
from phoihop.core.filtersets import BaseFilterSet
from phoihop.orgs.choices import AreaKind
from phoihop.orgs.forms import local_areas_q
from phoihop.orgs.models import Area, Organisation
from phoihop.programs.forms.records import commune_choices


class SecondmentFilterSet(PeriodFilterMixin, BaseFilterSet):
    person = person_filter(label=_("Officer"))
    sending_unit = organisation_filter("sending_unit", _("Sending unit (with its units)"), subtree=True)
    receiving_committee = organisation_filter("receiving_committee", _("Receiving committee"))
    committee_level = django_filters.MultipleChoiceFilter(choices=CommitteeLevel.choices, label=_("Committee level"))
    position = django_filters.MultipleChoiceFilter(choices=SecondmentPosition.choices, label=_("Position"))
    current = django_filters.BooleanFilter(field_name="to_date", lookup_expr="isnull", label=_("Still seconded"))
    current_on = current_on_filter(_("Seconded on (dd/mm/yyyy)"))
    term = django_filters.ChoiceFilter(choices=PlanTerm.choices, label=_("Term"))

    #: the receiving committees belong to another tree (the Tỉnh ủy's communes), which the gate does not show: the
    #: filter offers the committees the user's own secondments name (``__init__``)
    open_choice_fields = ("receiving_committee",)

    class Meta:
        model = Secondment
        fields = [
            "q",
            "person",
            "sending_unit",
            "receiving_committee",
            "committee_level",
            "position",
            "current",
            "current_on",
            "term",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        user = getattr(self.request, "user", None)
        if user is not None and user.is_authenticated:
            named = Secondment.objects.restrict(user).values("receiving_committee")
            self.filters["receiving_committee"].queryset = Organisation.objects.filter(pk__in=named)


class HouseholdAssignmentFilterSet(PeriodFilterMixin, BaseFilterSet):
    person = person_filter(label=_("Party member"))
    organisation = organisation_filter("person__organisation", _("Organisation (with its units)"), subtree=True)
    commune = django_filters.ModelChoiceFilter(
        queryset=commune_choices(), field_name="village__parent", label=_("Commune")
    )
    village = django_filters.ModelChoiceFilter(
        queryset=Area.objects.filter(local_areas_q(), kind=AreaKind.VILLAGE), label=_("Village")
    )
    current = django_filters.BooleanFilter(field_name="to_date", lookup_expr="isnull", label=_("Still in charge"))
    current_on = current_on_filter(_("In charge on (dd/mm/yyyy)"))

    #: the village of the chosen commune (``core.pickers``)
    dependent_choice_fields = {"village": ("commune", "parent")}

    class Meta:
        model = HouseholdAssignment
        fields = ["q", "person", "organisation", "commune", "village", "current", "current_on"]
