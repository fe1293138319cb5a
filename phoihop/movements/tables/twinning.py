import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from phoihop.core.tables import BaseTable, NumberColumn
from phoihop.movements.models import Twinning, TwinningActivity


class TwinningTable(BaseTable):
    organisation = tables.Column(linkify=lambda record: record.get_absolute_url())
    partner = tables.Column(
        verbose_name=_("partner"), accessor="partner", order_by=("partner_organisation__name", "partner_village__name")
    )
    active = tables.BooleanColumn()

    class Meta(BaseTable.Meta):
        model = Twinning
        fields = ("organisation", "partner", "started_on", "ended_on", "active")


class TwinningActivityTable(BaseTable):
    held_on = tables.DateColumn(linkify=True)
    twinning = tables.Column(order_by=("twinning__organisation__name",))
    participants_count = NumberColumn()
    value_vnd = NumberColumn()

    class Meta(BaseTable.Meta):
        model = TwinningActivity
        fields = ("held_on", "twinning", "description", "participants_count", "value_vnd")
