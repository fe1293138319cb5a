import django_tables2 as tables
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from phoihop.core.tables import BaseTable
from phoihop.reports.models import Report

STATUS_COLOURS = {"queued": "secondary", "running": "blue", "done": "green", "failed": "red"}


class ReportTable(BaseTable):
    title = tables.Column(linkify=True, verbose_name=_("Report"))
    series = tables.Column(verbose_name=_("Series"), order_by=("series", "edition"))
    edition = tables.Column(verbose_name=_("Edition"), attrs={"td": {"class": "text-end"}, "th": {"class": "text-end"}})
    status = tables.Column()

    class Meta(BaseTable.Meta):
        model = Report
        fields = (
            "title",
            "number",
            "edition",
            "series",
            "organisation",
            "template",
            "period_start",
            "period_end",
            "issued_on",
            "status",
            "generated_by",
            "generated_at",
        )

    def render_series(self, record, value):
        url = reverse("reports:report_list") + f"?series={value}"
        return format_html('<a href="{}" title="{}">{}</a>', url, _("Every edition of this report"), str(value)[:8])

    def render_status(self, record, value):
        colour = STATUS_COLOURS.get(record.status, "secondary")
        return format_html('<span class="badge bg-{}-lt" data-status="{}">{}</span>', colour, record.status, value)
