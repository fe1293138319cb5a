import django_filters
from django.utils.translation import gettext_lazy as _

from phoihop.core.filtersets import BaseFilterSet
from phoihop.security.choices import CaseNature, Unit
from phoihop.security.models import CaseCategory, SeizedItemType


class CaseCategoryFilterSet(BaseFilterSet):
    default_nature = django_filters.ChoiceFilter(choices=CaseNature.choices, label=_("Default nature"))

    class Meta:
        model = CaseCategory
        fields = ["q", "default_nature"]


class SeizedItemTypeFilterSet(BaseFilterSet):
    default_unit = django_filters.ChoiceFilter(choices=Unit.choices, label=_("Default unit"))

    class Meta:
        model = SeizedItemType
        fields = ["q", "default_unit"]
