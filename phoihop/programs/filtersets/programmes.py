import django_filters
from django.utils.translation import gettext_lazy as _

from phoihop.core.filtersets import BaseFilterSet
from phoihop.orgs.models import Organisation
from phoihop.programs.choices import IndicatorSource, PeriodType
from phoihop.programs.models import FundingSource, Indicator, IndicatorTarget, Programme, ProgrammeBudget


class FundingSourceFilterSet(BaseFilterSet):
    class Meta:
        model = FundingSource
        fields = ["q"]


class ProgrammeFilterSet(BaseFilterSet):
    owner = django_filters.ModelChoiceFilter(queryset=Organisation.objects.all(), label=_("Owner"))
    participant = django_filters.ModelChoiceFilter(
        queryset=Organisation.objects.all(), field_name="participants", distinct=True, label=_("Participant")
    )
    active_on = django_filters.DateFilter(method="filter_active_on", label=_("Running on (dd/mm/yyyy)"))
    start_from = django_filters.DateFilter(field_name="start_date", lookup_expr="gte", label=_("Starting from"))
    start_to = django_filters.DateFilter(field_name="start_date", lookup_expr="lte", label=_("Starting until"))

    class Meta:
        model = Programme
        fields = ["q", "owner", "participant", "active_on", "start_from", "start_to"]

    def filter_active_on(self, queryset, name, value):
        from django.db.models import Q

        return queryset.filter(start_date__lte=value).filter(Q(end_date__isnull=True) | Q(end_date__gte=value))


class ProgrammeBudgetFilterSet(BaseFilterSet):
    programme = django_filters.ModelChoiceFilter(queryset=Programme.objects.all(), label=_("Programme"))
    source = django_filters.ModelChoiceFilter(queryset=FundingSource.objects.all(), label=_("Funding source"))
    year = django_filters.NumberFilter(label=_("Year"))

    class Meta:
        model = ProgrammeBudget
        fields = ["q", "programme", "source", "year"]


class IndicatorFilterSet(BaseFilterSet):
    programme = django_filters.ModelChoiceFilter(queryset=Programme.objects.all(), label=_("Programme"))
    source = django_filters.ChoiceFilter(choices=IndicatorSource.choices, label=_("Source of values"))
    period_type = django_filters.ChoiceFilter(choices=PeriodType.choices, label=_("Reporting period"))

    class Meta:
        model = Indicator
        fields = ["q", "programme", "source", "period_type"]


class IndicatorTargetFilterSet(BaseFilterSet):
    programme = django_filters.ModelChoiceFilter(
        queryset=Programme.objects.all(), field_name="indicator__programme", label=_("Programme")
    )
    indicator = django_filters.ModelChoiceFilter(queryset=Indicator.objects.all(), label=_("Indicator"))
    year = django_filters.NumberFilter(label=_("Year"))
    organisation = django_filters.ModelChoiceFilter(queryset=Organisation.objects.all(), label=_("Organisation"))

    #: the indicator picker offers the chosen programme's indicators (``core.pickers``)
    dependent_choice_fields = {"indicator": ("programme", "programme")}

    class Meta:
        model = IndicatorTarget
        fields = ["q", "programme", "indicator", "year", "organisation"]
