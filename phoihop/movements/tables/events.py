import django_tables2 as tables

from phoihop.core.tables import BaseTable, NumberColumn
from phoihop.movements.models import TowardsBorderEvent


class TowardsBorderEventTable(BaseTable):
    held_on = tables.DateColumn()
    title = tables.Column(linkify=True)
    co_organisers = tables.ManyToManyColumn(orderable=False)
    participants_count = NumberColumn()
    contributions_vnd = NumberColumn()

    class Meta(BaseTable.Meta):
        model = TowardsBorderEvent
        fields = (
            "held_on",
            "title",
            "organiser",
            "co_organisers",
            "commune",
            "village",
            "participants_count",
            "contributions_vnd",
        )
