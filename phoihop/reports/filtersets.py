import django_filters
from django.utils.translation import gettext_lazy as _

from phoihop.core.filtersets import BaseFilterSet
from phoihop.orgs.models import Organisation
from phoihop.reports.models import Report, ReportStatus, ReportTemplate


class ReportFilterSet(BaseFilterSet):
    organisation = django_filters.ModelChoiceFilter(queryset=Organisation.objects.all(), label=_("Organisation"))
    template = django_filters.MultipleChoiceFilter(choices=ReportTemplate.choices, label=_("Template"))
    status = django_filters.MultipleChoiceFilter(choices=ReportStatus.choices, label=_("Status"))
    period_from = django_filters.DateFilter(
        field_name="period_end", lookup_expr="gte", label=_("Period from (dd/mm/yyyy)")
    )
    period_to = django_filters.DateFilter(
        field_name="period_start", lookup_expr="lte", label=_("Period to (dd/mm/yyyy)")
    )
    series = django_filters.UUIDFilter(field_name="series", label=_("Series"))

    class Meta:
        model = Report
        fields = ["q", "organisation", "template", "status", "period_from", "period_to", "series"]
