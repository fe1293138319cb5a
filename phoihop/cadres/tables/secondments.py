import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from phoihop.cadres.models import HouseholdAssignment, Secondment
from phoihop.cadres.tables.people import record_link
from phoihop.core.tables import BaseTable, NumberColumn


class SecondmentTable(BaseTable):
    person = tables.Column(linkify=record_link)
    position = tables.Column(empty_values=())
    to_date = tables.DateColumn(default="—")

    class Meta(BaseTable.Meta):
        model = Secondment
        fields = (
            "person",
            "receiving_committee",
            "committee_level",
            "position",
            "term",
            "from_date",
            "to_date",
            "sending_unit",
            "decision_number",
        )

    def render_position(self, record):
        label = record.get_position_display()
        return f"{label}: {record.position_detail}" if record.position_detail else label


class HouseholdAssignmentTable(BaseTable):
    person = tables.Column(linkify=record_link)
    village = tables.Column(verbose_name=_("Village"))
    households = NumberColumn()
    to_date = tables.DateColumn(default="—")

    class Meta(BaseTable.Meta):
        model = HouseholdAssignment
        fields = ("person", "village", "households", "from_date", "to_date")

    def render_village(self, record):
        village = record.village
        return f"{village.name} ({village.parent.name})" if village.parent_id else village.name
