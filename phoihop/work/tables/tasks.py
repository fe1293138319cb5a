import django_tables2 as tables
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from phoihop.core.tables import BaseTable
from phoihop.work.models import Task


class TaskTable(BaseTable):
    title = tables.Column(linkify=True, empty_values=())  # a register entry has no title: its neutral label
    assigned_by_org = tables.Column(verbose_name=_("Assigned by"))
    lead = tables.Column(empty_values=(), verbose_name=_("Lead unit"), orderable=False)
    deadline_in_force = tables.DateColumn(verbose_name=_("Deadline"))
    status = tables.Column()
    progress = tables.Column(attrs={"td": {"class": "text-end"}})

    class Meta(BaseTable.Meta):
        model = Task
        fields = ("title", "assigned_by_org", "lead", "deadline_in_force", "priority", "status", "progress")
        row_attrs = {"class": lambda record: "table-danger" if record.is_overdue else ""}

    def render_title(self, record):
        return str(record)

    def render_lead(self, record):
        lead = record.lead_unit()  # units are prefetched by the list queryset
        return lead.organisation if lead else "—"

    def render_progress(self, value):
        return format_html("{}%", value)

    def render_status(self, record, value):
        badge = {"done": "green", "cancelled": "secondary", "submitted": "azure", "returned": "orange"}.get(
            record.status, "blue"
        )
        overdue = format_html(' <span class="badge bg-red-lt">{}</span>', _("overdue")) if record.is_overdue else ""
        return format_html('<span class="badge bg-{}-lt">{}</span>{}', badge, value, overdue)
