import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from phoihop.audit.models import ChangeRecord
from phoihop.core.tables import BaseTable


class ChangeRecordTable(BaseTable):
    timestamp = tables.DateTimeColumn(verbose_name=_("Time"), format="d/m/Y H:i")  # local time, dd/mm/yyyy HH:MM
    actor = tables.Column(verbose_name=_("User"))
    action = tables.TemplateColumn(
        template_code='{% include "audit/_action.html" with entry=record %}', verbose_name=_("Action")
    )
    content_type = tables.Column(
        verbose_name=_("Record type"), accessor="content_type__name", order_by="content_type__model"
    )
    object_repr = tables.Column(verbose_name=_("Record"))
    remote_addr = tables.Column(verbose_name=_("IP address"))
    changes = tables.TemplateColumn(template_name="audit/_changes.html", verbose_name=_("Changes"), orderable=False)

    class Meta(BaseTable.Meta):
        model = ChangeRecord
        fields = ("timestamp", "actor", "action", "content_type", "object_repr", "remote_addr", "changes")
