import django_tables2 as tables
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from phoihop.border.choices import CONDITION_COLOURS
from phoihop.border.models import BorderSegment, Gate, Inspection, Marker, Patrol
from phoihop.core.tables import BaseTable, NumberColumn


class MarkerTable(BaseTable):
    number = tables.Column(linkify=True, order_by=("sort_key",))
    post = tables.Column(verbose_name=_("Responsible post"))
    condition = tables.Column()
    latitude = NumberColumn()
    longitude = NumberColumn()

    class Meta(BaseTable.Meta):
        model = Marker
        fields = (
            "number",
            "border_line",
            "kind",
            "form",
            "commune",
            "post",
            "latitude",
            "longitude",
            "condition",
            "last_inspected_on",
        )

    def render_condition(self, record, value):
        return format_html(
            '<span class="badge bg-{}-lt" data-condition="{}">{}</span>',
            CONDITION_COLOURS.get(record.condition, "secondary"),
            record.condition,
            value,
        )


class GateTable(BaseTable):
    name = tables.Column(linkify=True)

    class Meta(BaseTable.Meta):
        model = Gate
        fields = ("name", "gate_class", "status", "transport", "counterpart", "commune", "post", "opening_hours")


class SegmentTable(BaseTable):
    code = tables.Column(linkify=True)
    length_km = NumberColumn()

    class Meta(BaseTable.Meta):
        model = BorderSegment
        fields = ("code", "name", "post", "length_km")


class PatrolTable(BaseTable):
    started_at = tables.DateTimeColumn(linkify=True)

    class Meta(BaseTable.Meta):
        model = Patrol
        fields = (
            "started_at",
            "ended_at",
            "post",
            "kind",
            "segment",
            "route",
            "border_guards",
            "militia",
            "people",
            "police",
        )


class InspectionTable(BaseTable):
    inspected_on = tables.DateColumn(linkify=True)
    marker = tables.Column(order_by=("marker__sort_key",))

    class Meta(BaseTable.Meta):
        model = Inspection
        fields = ("inspected_on", "marker", "inspecting_unit", "condition", "follow_up_task")
