"""One filter definition per record type: its list page, its API endpoint and its exports (and, later, the
statistics that open a list of exactly the records they count)."""

import django_filters
from django.utils.translation import gettext_lazy as _

from phoihop.border.models import Marker
from phoihop.core.choices import Classification
from phoihop.core.filtersets import BaseFilterSet
from phoihop.orgs.models import Organisation
from phoihop.programs.forms.records import commune_choices
from phoihop.security.choices import CaseNature, CaseOutcome, CaseRole, CustodyKind, Nationality, Sex, Unit
from phoihop.security.models import (
    Case,
    CaseCategory,
    CaseSubjectGroup,
    CaseSubjectIdentity,
    CustodyStep,
    Operation,
    SeizedItem,
    SeizedItemType,
)


def organisation_filter(field_name, label):
    return django_filters.ModelChoiceFilter(queryset=Organisation.objects.all(), field_name=field_name, label=label)


def category_filter(field_name="category"):
    return django_filters.ModelChoiceFilter(
        queryset=CaseCategory.objects.all(), field_name=field_name, label=_("Case category")
    )


def case_filter():
    return django_filters.ModelChoiceFilter(queryset=Case.objects.all(), field_name="case", label=_("Case"))


def date_range(field_name, label_from=None, label_to=None):
    return (
        django_filters.DateFilter(field_name=field_name, lookup_expr="gte", label=label_from or _("From")),
        django_filters.DateFilter(field_name=field_name, lookup_expr="lte", label=label_to or _("To")),
    )


def classification_filter():
    return django_filters.ChoiceFilter(choices=Classification.choices, label=_("Classification"))


class OperationFilterSet(BaseFilterSet):
    lead_unit = organisation_filter("lead_unit", _("Lead unit"))
    category = category_filter()
    opened_from, opened_to = date_range("opened_on", _("Opened from"), _("Opened until"))
    open = django_filters.BooleanFilter(field_name="closed_on", lookup_expr="isnull", label=_("Still open"))
    classification = classification_filter()

    class Meta:
        model = Operation
        fields = ["q", "lead_unit", "category", "opened_from", "opened_to", "open", "classification"]


class CaseFilterSet(BaseFilterSet):
    unit = organisation_filter("unit", _("Border Guard unit"))
    category = category_filter()
    nature = django_filters.ChoiceFilter(choices=CaseNature.choices, label=_("Nature"))
    role = django_filters.ChoiceFilter(choices=CaseRole.choices, label=_("Role of the unit"))
    outcome = django_filters.MultipleChoiceFilter(choices=CaseOutcome.choices, label=_("Outcome"))
    operation = django_filters.ModelChoiceFilter(queryset=Operation.objects.all(), label=_("Operation"))
    commune = django_filters.ModelChoiceFilter(queryset=commune_choices(), label=_("Commune"))
    marker = django_filters.ModelChoiceFilter(queryset=Marker.objects.all(), label=_("Nearest marker"))
    ownerless = django_filters.BooleanFilter(label=_("Owner not identified"))
    date_from, date_to = date_range("occurred_on")
    classification = classification_filter()

    class Meta:
        model = Case
        fields = [
            "q",
            "unit",
            "category",
            "nature",
            "role",
            "outcome",
            "operation",
            "commune",
            "marker",
            "ownerless",
            "date_from",
            "date_to",
            "classification",
        ]


class CaseSubjectGroupFilterSet(BaseFilterSet):
    case = case_filter()
    case_unit = organisation_filter("case__unit", _("Border Guard unit"))
    sex = django_filters.ChoiceFilter(choices=Sex.choices, label=_("Sex"))
    nationality = django_filters.ChoiceFilter(choices=Nationality.choices, label=_("Nationality"))

    class Meta:
        model = CaseSubjectGroup
        fields = ["q", "case", "case_unit", "sex", "nationality"]


class CaseSubjectIdentityFilterSet(BaseFilterSet):
    case = case_filter()
    case_unit = organisation_filter("case__unit", _("Border Guard unit"))
    nationality = django_filters.ChoiceFilter(choices=Nationality.choices, label=_("Nationality"))

    class Meta:
        model = CaseSubjectIdentity
        fields = ["q", "case", "case_unit", "nationality"]


class SeizedItemFilterSet(BaseFilterSet):
    case = case_filter()
    case_unit = organisation_filter("case__unit", _("Border Guard unit"))
    item_type = django_filters.ModelChoiceFilter(queryset=SeizedItemType.objects.all(), label=_("Item type"))
    unit = django_filters.ChoiceFilter(choices=Unit.choices, label=_("Unit of measure"))
    category = category_filter("case__category")
    date_from, date_to = date_range("case__occurred_on", _("Case from"), _("Case until"))

    class Meta:
        model = SeizedItem
        fields = ["q", "case", "case_unit", "item_type", "unit", "category", "date_from", "date_to"]


class CustodyStepFilterSet(BaseFilterSet):
    case = case_filter()
    case_unit = organisation_filter("case__unit", _("Border Guard unit"))
    kind = django_filters.MultipleChoiceFilter(choices=CustodyKind.choices, label=_("Step"))
    date_from, date_to = date_range("date")

    class Meta:
        model = CustodyStep
        fields = ["q", "case", "case_unit", "kind", "date_from", "date_to"]
