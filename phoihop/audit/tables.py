import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from phoihop.audit.models import ChangeRecord, PersonalDataAccess
from phoihop.core.record_types import record_type_label
from phoihop.core.tables import BaseTable, NumberColumn


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


class PersonalDataAccessTable(BaseTable):
    """The personal-data access log, newest first (the ``(-at, id)`` index); only the time is sortable."""

    at = tables.DateTimeColumn(verbose_name=_("Time"), format="d/m/Y H:i", orderable=True)
    user = tables.Column(verbose_name=_("User"))
    organisation = tables.Column(verbose_name=_("Organisation"), accessor="organisation__name")
    content_type = tables.Column(verbose_name=_("Record type"))
    label = tables.Column(verbose_name=_("Record"), empty_values=())
    action = tables.Column(verbose_name=_("Type of access"))
    rows = NumberColumn(verbose_name=_("Rows"))
    purpose = tables.TemplateColumn(
        template_code=(
            "{{ record.get_purpose_display }}{% if record.purpose_note %}: {{ record.purpose_note }}{% endif %}"
        ),
        verbose_name=_("Purpose of processing"),
    )
    query = tables.TemplateColumn(
        template_code='{% if record.query %}<code class="text-break">{{ record.query }}</code>{% else %}—{% endif %}',
        verbose_name=_("Filter used"),
    )
    remote_addr = tables.Column(verbose_name=_("IP address"))

    class Meta(BaseTable.Meta):
        model = PersonalDataAccess
        fields = ("at", "user", "organisation", "content_type", "label", "action", "rows", "purpose", "query")
        sequence = (*fields, "remote_addr")
        orderable = False
        empty_text = _("No one has read personal data here yet.")

    def render_content_type(self, value):
        return record_type_label(value)

    def render_label(self, value, record):
        return value or "—"

    def render_action(self, value, record):
        return f"{value} ({record.fmt})" if record.fmt else value
