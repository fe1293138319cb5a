import django_tables2 as tables
from django.template.loader import render_to_string
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from phoihop.audit.models import ChangeRecord, PersonalDataAccess
from phoihop.audit.names import HistoryNames
from phoihop.core.record_types import record_type_label
from phoihop.core.tables import BaseTable, NumberColumn


class ChangeRecordTable(BaseTable):
    """The activity page: each row's record and changes name other records only as the reader may see them
    (``audit.names``, resolved for the whole page at once)."""

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
    changes = tables.Column(verbose_name=_("Changes"), orderable=False, empty_values=())

    class Meta(BaseTable.Meta):
        model = ChangeRecord
        fields = ("timestamp", "actor", "action", "content_type", "object_repr", "remote_addr", "changes")

    def __init__(self, *args, reader=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.reader = reader

    @cached_property
    def names(self):
        """The names the page's rows print, for the reader: one query per record type they refer to."""
        return HistoryNames(self.reader, [row.record for row in self.paginated_rows])

    def render_object_repr(self, record):
        return self.names.record_name(record)

    def render_changes(self, record):
        return render_to_string("audit/_changes.html", {"record": record, "names": self.names})


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
