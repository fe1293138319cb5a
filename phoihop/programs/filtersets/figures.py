import django_filters
from django.utils.translation import gettext_lazy as _

from phoihop.core.filtersets import BaseFilterSet
from phoihop.orgs.models import Organisation
from phoihop.programs.choices import FigureStatus, PeriodType
from phoihop.programs.models import Indicator, PeriodicFigure, Programme


class PeriodicFigureFilterSet(BaseFilterSet):
    programme = django_filters.ModelChoiceFilter(
        field_name="indicator__programme", queryset=Programme.objects.all(), label=_("Programme")
    )
    indicator = django_filters.ModelChoiceFilter(queryset=Indicator.objects.all(), label=_("Indicator"))
    organisation = django_filters.ModelChoiceFilter(
        queryset=Organisation.objects.all(), label=_("Reporting organisation")
    )
    period_type = django_filters.ChoiceFilter(choices=PeriodType.choices, label=_("Period type"))
    period_from = django_filters.DateFilter(field_name="period_start", lookup_expr="gte", label=_("Period from"))
    period_to = django_filters.DateFilter(field_name="period_start", lookup_expr="lte", label=_("Period to"))
    status = django_filters.MultipleChoiceFilter(choices=FigureStatus.choices, label=_("Status"))

    #: figures count by the reporting organisation (``programs.selectors``), so does the list opened from them
    within_fields = ("organisation",)
    #: the indicator picker offers the chosen programme's indicators (``core.pickers``)
    dependent_choice_fields = {"indicator": ("programme", "programme")}

    class Meta:
        model = PeriodicFigure
        fields = ["q", "programme", "indicator", "organisation", "period_type", "period_from", "period_to", "status"]
