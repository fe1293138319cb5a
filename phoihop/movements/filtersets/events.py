import django_filters
from django.utils.translation import gettext_lazy as _

from phoihop.core.filtersets import BaseFilterSet
from phoihop.movements.forms.common import commune_choices
from phoihop.movements.models import TowardsBorderEvent
from phoihop.orgs.models import Organisation


class TowardsBorderEventFilterSet(BaseFilterSet):
    organiser = django_filters.ModelChoiceFilter(queryset=Organisation.objects.all(), label=_("Organiser"))
    commune = django_filters.ModelChoiceFilter(queryset=commune_choices(), label=_("Commune"))
    held_from = django_filters.DateFilter(field_name="held_on", lookup_expr="gte", label=_("Held from"))
    held_to = django_filters.DateFilter(field_name="held_on", lookup_expr="lte", label=_("Held to"))

    class Meta:
        model = TowardsBorderEvent
        fields = ["q", "organiser", "commune", "held_from", "held_to"]
