import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from phoihop.core.filtersets import BaseFilterSet
from phoihop.orgs.models import Organisation
from phoihop.programs.choices import Gender, HouseStatus, VillageKind
from phoihop.programs.forms.records import commune_choices
from phoihop.programs.models import (
    ForestPlot,
    FundingSource,
    House,
    HouseFunding,
    Household,
    Programme,
    Resettlement,
    SponsoredChild,
    Sponsorship,
)


def programme_filter(field_name="programme"):
    return django_filters.ModelChoiceFilter(
        queryset=Programme.objects.all(), field_name=field_name, label=_("Programme")
    )


def organisation_filter(field_name="organisation", label=None):
    return django_filters.ModelChoiceFilter(
        queryset=Organisation.objects.all(), field_name=field_name, label=label or _("Organisation")
    )


def commune_filter(field_name="commune"):
    return django_filters.ModelChoiceFilter(queryset=commune_choices(), field_name=field_name, label=_("Commune"))


def date_range(field_name, label_from, label_to):
    return (
        django_filters.DateFilter(field_name=field_name, lookup_expr="gte", label=label_from),
        django_filters.DateFilter(field_name=field_name, lookup_expr="lte", label=label_to),
    )


class ForestPlotFilterSet(BaseFilterSet):
    programme = programme_filter()
    organisation = organisation_filter()
    commune = commune_filter()
    year_planted = django_filters.NumberFilter(label=_("Year planted"))
    year_from = django_filters.NumberFilter(field_name="year_planted", lookup_expr="gte", label=_("Planted from year"))
    year_to = django_filters.NumberFilter(field_name="year_planted", lookup_expr="lte", label=_("Planted until year"))
    planted_from, planted_to = date_range("planted_on", _("Planting finished from"), _("Planting finished until"))

    class Meta:
        model = ForestPlot
        fields = [
            "q",
            "programme",
            "organisation",
            "commune",
            "year_planted",
            "year_from",
            "year_to",
            "planted_from",
            "planted_to",
        ]


class ResettlementFilterSet(BaseFilterSet):
    programme = programme_filter()
    organisation = organisation_filter()
    commune = commune_filter()
    village_kind = django_filters.ChoiceFilter(choices=VillageKind.choices, label=_("Village"))
    date_from, date_to = date_range("date", _("From"), _("Until"))

    class Meta:
        model = Resettlement
        fields = ["q", "programme", "organisation", "commune", "village_kind", "date_from", "date_to"]


class HouseFilterSet(BaseFilterSet):
    programme = programme_filter()
    organisation = organisation_filter(label=_("Building organisation"))
    commune = commune_filter()
    status = django_filters.ChoiceFilter(choices=HouseStatus.choices, label=_("Status"))
    start_from, start_to = date_range("start_date", _("Started from"), _("Started until"))
    handover_from, handover_to = date_range("handover_date", _("Handed over from"), _("Handed over until"))

    class Meta:
        model = House
        fields = [
            "q",
            "programme",
            "organisation",
            "commune",
            "status",
            "start_from",
            "start_to",
            "handover_from",
            "handover_to",
        ]


class HouseFundingFilterSet(BaseFilterSet):
    house = django_filters.NumberFilter(field_name="house", label=_("House number"))
    source = django_filters.ModelChoiceFilter(queryset=FundingSource.objects.all(), label=_("Funding source"))
    programme = programme_filter("house__programme")

    class Meta:
        model = HouseFunding
        fields = ["q", "house", "source", "programme"]


class HouseholdFilterSet(BaseFilterSet):
    programme = programme_filter("house__programme")
    organisation = organisation_filter("house__organisation", label=_("Building organisation"))
    commune = commune_filter("house__commune")
    house = django_filters.NumberFilter(field_name="house", label=_("House number"))

    class Meta:
        model = Household
        fields = ["q", "programme", "organisation", "commune", "house"]


class SponsorshipFilterSet(BaseFilterSet):
    programme = programme_filter()
    sponsoring_unit = organisation_filter("sponsoring_unit", label=_("Sponsoring unit"))
    commune = commune_filter()
    active_on = django_filters.DateFilter(method="filter_active_on", label=_("Supported on (dd/mm/yyyy)"))
    start_from, start_to = date_range("start_date", _("Started from"), _("Started until"))

    class Meta:
        model = Sponsorship
        fields = ["q", "programme", "sponsoring_unit", "commune", "active_on", "start_from", "start_to"]

    def filter_active_on(self, queryset, name, value):
        return queryset.filter(start_date__lte=value).filter(Q(end_date__isnull=True) | Q(end_date__gte=value))


class SponsoredChildFilterSet(BaseFilterSet):
    programme = programme_filter("sponsorship__programme")
    sponsoring_unit = organisation_filter("sponsorship__sponsoring_unit", label=_("Sponsoring unit"))
    gender = django_filters.ChoiceFilter(choices=Gender.choices, label=_("Gender"))
    sponsorship = django_filters.NumberFilter(field_name="sponsorship", label=_("Sponsorship number"))

    class Meta:
        model = SponsoredChild
        fields = ["q", "programme", "sponsoring_unit", "gender", "sponsorship"]
