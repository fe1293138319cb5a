import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from phoihop.core.tables import BaseTable, NumberColumn
from phoihop.movements.models import HolidayVisit, Occasion


class OccasionTable(BaseTable):
    name = tables.Column(linkify=True)

    class Meta(BaseTable.Meta):
        model = Occasion
        fields = ("sort_order", "code", "name")


class HolidayVisitTable(BaseTable):
    held_on = tables.DateColumn(linkify=True)
    visited = tables.Column(
        verbose_name=_("visited"),
        accessor="visited",
        order_by=("visited_organisation__name", "village__name", "commune__name"),
    )
    households_visited = NumberColumn()
    gifts_count = NumberColumn()
    value_vnd = NumberColumn()

    class Meta(BaseTable.Meta):
        model = HolidayVisit
        fields = (
            "held_on",
            "occasion",
            "visiting_organisation",
            "visited",
            "households_visited",
            "gifts_count",
            "value_vnd",
            "funding_source",
        )
