import django_tables2 as tables
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from phoihop.core.tables import BaseTable, NumberColumn
from phoihop.programs.computing import format_value
from phoihop.programs.models import PeriodicFigure

STATUS_COLOURS = {
    "draft": "secondary",
    "submitted": "azure",
    "approved": "green",
    "locked": "purple",
    "reopened": "orange",
}


def status_badge(figure):
    return format_html(
        '<span class="badge bg-{}-lt" data-status="{}">{}</span>',
        STATUS_COLOURS.get(figure.status, "blue"),
        figure.status,
        figure.get_status_display(),
    )


class PeriodicFigureTable(BaseTable):
    period_start = tables.Column(verbose_name=_("Reporting period"), linkify=True)
    indicator = tables.Column(order_by=("indicator__programme__code", "indicator__sort_order", "indicator__code"))
    organisation = tables.Column(order_by=("organisation__name",))
    value = NumberColumn()
    unit = tables.Column(accessor="indicator__unit", verbose_name=_("Unit of measure"), orderable=False)
    status = tables.Column()
    submitted_at = tables.DateTimeColumn(format="d/m/Y H:i")

    class Meta(BaseTable.Meta):
        model = PeriodicFigure
        fields = ("period_start", "indicator", "organisation", "value", "unit", "status", "submitted_at")

    def render_period_start(self, record):
        return record.period_label

    def render_value(self, record):
        text = format_value(record.value, record.indicator.decimals)
        if record.computed:
            return format_html('{} <span class="text-secondary" title="{}">∑</span>', text, _("computed from records"))
        return text

    def render_status(self, record):
        return status_badge(record)
