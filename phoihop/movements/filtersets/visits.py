import django_filters
from django.utils.translation import gettext_lazy as _

from phoihop.core.filtersets import BaseFilterSet
from phoihop.movements.forms.common import commune_choices
from phoihop.movements.models import HolidayVisit, Occasion
from phoihop.orgs.models import Organisation
from phoihop.programs.models import FundingSource


class OccasionFilterSet(BaseFilterSet):
    class Meta:
        model = Occasion
        fields = ["q"]


class HolidayVisitFilterSet(BaseFilterSet):
    occasion = django_filters.ModelChoiceFilter(queryset=Occasion.objects.all(), label=_("Occasion"))
    visiting_organisation = django_filters.ModelChoiceFilter(
        queryset=Organisation.objects.all(), label=_("Visiting organisation")
    )
    commune = django_filters.ModelChoiceFilter(queryset=commune_choices(), label=_("Visited commune"))
    funding_source = django_filters.ModelChoiceFilter(queryset=FundingSource.objects.all(), label=_("Funding source"))
    held_from = django_filters.DateFilter(field_name="held_on", lookup_expr="gte", label=_("Held from"))
    held_to = django_filters.DateFilter(field_name="held_on", lookup_expr="lte", label=_("Held to"))

    class Meta:
        model = HolidayVisit
        fields = ["q", "occasion", "visiting_organisation", "commune", "funding_source", "held_from", "held_to"]
