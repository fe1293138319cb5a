import django_filters
from django.utils.translation import gettext_lazy as _

from phoihop.accounts.models import Membership, User
from phoihop.core.choices import Classification, Role
from phoihop.core.filtersets import BaseFilterSet
from phoihop.orgs.models import Organisation


class UserFilterSet(BaseFilterSet):
    organisation = django_filters.ModelChoiceFilter(
        queryset=Organisation.objects.all(),
        field_name="memberships__organisation",
        label=_("Organisation"),
        distinct=True,
    )
    clearance = django_filters.ChoiceFilter(choices=Classification.choices, label=_("Clearance"))

    class Meta:
        model = User
        fields = ["q", "organisation", "clearance", "is_active", "language"]


class MembershipFilterSet(BaseFilterSet):
    role = django_filters.MultipleChoiceFilter(choices=Role.choices, label=_("Role"))
    organisation = django_filters.ModelChoiceFilter(queryset=Organisation.objects.all(), label=_("Organisation"))
    within = django_filters.ModelChoiceFilter(
        queryset=Organisation.objects.all(), method="filter_within", label=_("Within (whole subtree)")
    )

    class Meta:
        model = Membership
        fields = ["q", "user", "organisation", "within", "role"]

    def filter_within(self, queryset, name, value: int):
        return queryset.filter(organisation__path__startswith=value.path)
