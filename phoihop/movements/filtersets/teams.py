import django_filters
from django.utils.translation import gettext_lazy as _

from phoihop.border.models import Marker
from phoihop.core.filtersets import BaseFilterSet
from phoihop.movements.choices import TeamKind, TeamPurpose
from phoihop.movements.forms.common import commune_choices
from phoihop.movements.models import SelfManagementTeam
from phoihop.orgs.models import Organisation


class SelfManagementTeamFilterSet(BaseFilterSet):
    kind = django_filters.ChoiceFilter(choices=TeamKind.choices, label=_("Kind"))
    purpose = django_filters.ChoiceFilter(choices=TeamPurpose.choices, label=_("Purpose"))
    post = django_filters.ModelChoiceFilter(queryset=Organisation.objects.all(), label=_("Sponsoring post"))
    commune = django_filters.ModelChoiceFilter(queryset=commune_choices(), label=_("Commune"))
    marker = django_filters.ModelChoiceFilter(
        queryset=Marker.objects.all(), field_name="markers", distinct=True, label=_("Marker")
    )
    active = django_filters.BooleanFilter(label=_("Still active"))

    class Meta:
        model = SelfManagementTeam
        fields = ["q", "kind", "purpose", "post", "commune", "marker", "active"]
