import django_filters
from django.utils.translation import gettext_lazy as _

from phoihop.core.filtersets import BaseFilterSet, ValidityFilterMixin
from phoihop.core.record_types import RecordTypeFilter
from phoihop.orgs.choices import AgreementStatus, AreaKind, ReviewFrequency, SharingMode
from phoihop.orgs.models import Agreement, Area, Clause, Organisation, OrganisationKind, SharingRule


class AreaFilterSet(ValidityFilterMixin, BaseFilterSet):
    #: the list of the country's administrative units: any province or former district
    national_choice_fields = ("parent",)

    kind = django_filters.MultipleChoiceFilter(choices=AreaKind.choices, label=_("Kind"))
    parent = django_filters.ModelChoiceFilter(
        queryset=Area.objects.filter(kind__in=["province", "city", "district"]), label=_("Parent area")
    )
    is_border_commune = django_filters.BooleanFilter(label=_("Border commune"))
    code = django_filters.CharFilter(label=_("Code"))

    class Meta:
        model = Area
        fields = ["q", "kind", "parent", "is_border_commune", "code", "valid_on"]


class OrganisationKindFilterSet(BaseFilterSet):
    class Meta:
        model = OrganisationKind
        fields = ["q", "is_party_body"]


class OrganisationFilterSet(ValidityFilterMixin, BaseFilterSet):
    kind = django_filters.ModelMultipleChoiceFilter(queryset=OrganisationKind.objects.all(), label=_("Kind"))
    parent = django_filters.ModelChoiceFilter(queryset=Organisation.objects.all(), label=_("Parent organisation"))
    within = django_filters.ModelChoiceFilter(
        queryset=Organisation.objects.all(), method="filter_within", label=_("Within (whole subtree)")
    )
    # A code box, not a drop-down of 3,000+ communes.
    area = django_filters.CharFilter(field_name="areas__code", label=_("Area of responsibility (code)"), distinct=True)
    code = django_filters.CharFilter(label=_("Code"))

    class Meta:
        model = Organisation
        fields = ["q", "kind", "parent", "within", "area", "code", "valid_on"]

    def filter_within(self, queryset, name, value: int):
        return queryset.filter(path__startswith=value.path)


class SharingRuleFilterSet(ValidityFilterMixin, BaseFilterSet):
    mode = django_filters.ChoiceFilter(choices=SharingMode.choices, label=_("Mode"))
    content_type = RecordTypeFilter(label=_("Record type"))

    class Meta:
        model = SharingRule
        fields = ["q", "owner", "viewer", "mode", "content_type", "include_subtree", "agreement", "valid_on"]


class AgreementFilterSet(ValidityFilterMixin, BaseFilterSet):
    status = django_filters.MultipleChoiceFilter(choices=AgreementStatus.choices, label=_("Status"))
    party = django_filters.ModelChoiceFilter(
        queryset=Organisation.objects.all(), field_name="parties", label=_("Party"), distinct=True
    )
    signed_from = django_filters.DateFilter(field_name="signed_on", lookup_expr="gte", label=_("Signed from"))
    signed_to = django_filters.DateFilter(field_name="signed_on", lookup_expr="lte", label=_("Signed to"))

    class Meta:
        model = Agreement
        fields = ["q", "status", "owner", "party", "signed_from", "signed_to", "valid_on"]


class ClauseFilterSet(BaseFilterSet):
    review_frequency = django_filters.ChoiceFilter(choices=ReviewFrequency.choices, label=_("Review frequency"))
    responsible = django_filters.ModelChoiceFilter(
        queryset=Organisation.objects.all(), label=_("Responsible party"), distinct=True
    )

    class Meta:
        model = Clause
        fields = ["q", "agreement", "responsible", "review_frequency"]
