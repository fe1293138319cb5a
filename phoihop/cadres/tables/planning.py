import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from phoihop.cadres.models import CadrePlan, PlannedCadre
from phoihop.cadres.tables.people import record_link
from phoihop.core.tables import BaseTable


class CadrePlanTable(BaseTable):
    title = tables.Column(linkify=True)
    decision_date = tables.DateColumn(default="—")

    class Meta(BaseTable.Meta):
        model = CadrePlan
        fields = ("title", "term", "level", "organisation", "decision_number", "decision_date")


class PlannedCadreTable(BaseTable):
    person = tables.Column(linkify=record_link, verbose_name=_("Cadre"))
    plan = tables.Column(linkify=lambda record: record.plan.get_absolute_url())
    birth_date = tables.DateColumn(accessor="person__birth_date", verbose_name=_("Date of birth"))
    removed_on = tables.DateColumn(default="—")

    class Meta(BaseTable.Meta):
        model = PlannedCadre
        fields = ("person", "birth_date", "plan", "source", "decision_number", "removed_on", "removal_reason")
