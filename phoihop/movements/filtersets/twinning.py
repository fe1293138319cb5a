import django_filters
from django.utils.translation import gettext_lazy as _

from phoihop.core.filtersets import BaseFilterSet
from phoihop.movements.models import Twinning, TwinningActivity
from phoihop.orgs.models import Organisation


class TwinningFilterSet(BaseFilterSet):
    organisation = django_filters.ModelChoiceFilter(queryset=Organisation.objects.all(), label=_("Organisation"))
    partner_organisation = django_filters.ModelChoiceFilter(
        queryset=Organisation.objects.all(), label=_("Partner organisation")
    )
    active = django_filters.BooleanFilter(label=_("Still active"))

    class Meta:
        model = Twinning
        fields = ["q", "organisation", "partner_organisation", "active"]


class TwinningActivityFilterSet(BaseFilterSet):
    twinning = django_filters.ModelChoiceFilter(
        queryset=Twinning.objects.select_related("organisation", "partner_organisation", "partner_village"),
        label=_("Twinning"),
    )
    held_from = django_filters.DateFilter(field_name="held_on", lookup_expr="gte", label=_("Held from"))
    held_to = django_filters.DateFilter(field_name="held_on", lookup_expr="lte", label=_("Held to"))

    class Meta:
        model = TwinningActivity
        fields = ["q", "twinning", "held_from", "held_to"]
