import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from phoihop.core.tables import BaseTable, NumberColumn
from phoihop.movements.models import SelfManagementTeam


class SelfManagementTeamTable(BaseTable):
    name = tables.Column(linkify=True)
    members_count = NumberColumn()
    households_count = NumberColumn()
    border_length_km = NumberColumn()
    # Counted by the list view's annotation: no query per row.
    marker_count = NumberColumn(verbose_name=_("markers"), accessor="marker_count")
    active = tables.BooleanColumn()

    class Meta(BaseTable.Meta):
        model = SelfManagementTeam
        fields = (
            "name",
            "kind",
            "post",
            "commune",
            "village",
            "purpose",
            "members_count",
            "households_count",
            "border_length_km",
            "marker_count",
            "active",
        )
