import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from phoihop.core.tables import BaseTable
from phoihop.security.models import SituationNote


class SituationNoteTable(BaseTable):
    noted_on = tables.DateColumn(linkify=lambda record: record.get_absolute_url())
    read = tables.Column(
        accessor="acknowledged_at", verbose_name=_("Read by the superior"), empty_values=(), orderable=True
    )

    class Meta(BaseTable.Meta):
        model = SituationNote
        fields = (
            "noted_on",
            "post",
            "category",
            "commune",
            "marker",
            "source_reliability",
            "classification",
            "read",
        )

    def render_read(self, value):
        from django.utils import timezone

        return timezone.localtime(value).strftime("%d/%m/%Y %H:%M") if value else "—"
