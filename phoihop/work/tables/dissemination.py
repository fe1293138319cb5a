import django_tables2 as tables
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from phoihop.core.tables import BaseTable, NumberColumn
from phoihop.work.models import Dissemination, DisseminationSession


def status_badge(done, deadline, today=None):
    """Done / overdue (deadline passed, no session) / not done, as a coloured badge."""
    today = today or timezone.localdate()
    if done:
        return format_html('<span class="badge bg-green-lt" data-status="done">{}</span>', _("Done"))
    if deadline and deadline < today:
        return format_html('<span class="badge bg-red-lt" data-status="overdue">{}</span>', _("Overdue"))
    return format_html('<span class="badge bg-yellow-lt" data-status="not_done">{}</span>', _("Not done"))


class DisseminationTable(BaseTable):
    organisation = tables.Column(linkify=lambda record: record.get_absolute_url())
    document = tables.Column(linkify=lambda record: record.document.get_absolute_url())
    assigned_by = tables.Column()
    session_count = NumberColumn(verbose_name=_("sessions"))
    last_held_on = tables.DateColumn(verbose_name=_("last session"))
    status = tables.Column(verbose_name=_("status"), empty_values=(), orderable=False)

    class Meta(BaseTable.Meta):
        model = Dissemination
        fields = ("organisation", "document", "assigned_by", "deadline", "session_count", "last_held_on", "status")

    def render_status(self, record):
        return status_badge(getattr(record, "done", False), record.deadline)


class DisseminationSessionTable(BaseTable):
    held_on = tables.DateColumn(linkify=True)
    organisation = tables.Column(accessor="dissemination__organisation", verbose_name=_("organisation"))
    document = tables.Column(accessor="dissemination__document", verbose_name=_("document"))
    participants = tables.Column(
        verbose_name=_("participants / expected"), attrs={"td": {"class": "text-end"}, "th": {"class": "text-end"}}
    )

    class Meta(BaseTable.Meta):
        model = DisseminationSession
        fields = ("held_on", "organisation", "document", "form", "participants", "presided_by")

    def render_participants(self, record):
        return f"{record.participants} / {record.expected}"
