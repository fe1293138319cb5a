import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from phoihop.core.tables import BaseTable, NumberColumn
from phoihop.programs.models import FundingSource, Indicator, IndicatorTarget, Programme, ProgrammeBudget


def record_link(record):
    return record.get_absolute_url()


class YearColumn(tables.Column):
    """A year as written (2025), never with a thousands separator."""

    def render(self, value):
        return str(value)


class FundingSourceTable(BaseTable):
    name = tables.Column(linkify=True)

    class Meta(BaseTable.Meta):
        model = FundingSource
        fields = ("sort_order", "code", "name")


class ProgrammeTable(BaseTable):
    code = tables.Column(linkify=True)
    name = tables.Column(linkify=True)

    class Meta(BaseTable.Meta):
        model = Programme
        fields = ("code", "name", "owner", "investor", "start_date", "end_date")


class ProgrammeBudgetTable(BaseTable):
    programme = tables.Column(linkify=record_link)
    year = YearColumn()
    amount = NumberColumn()

    class Meta(BaseTable.Meta):
        model = ProgrammeBudget
        fields = ("programme", "source", "year", "amount", "note")


class IndicatorTable(BaseTable):
    code = tables.Column(linkify=True)
    name = tables.Column(linkify=True)

    class Meta(BaseTable.Meta):
        model = Indicator
        fields = ("programme", "code", "name", "unit", "period_type", "source", "aggregation")


class IndicatorTargetTable(BaseTable):
    indicator = tables.Column(linkify=record_link)
    year = YearColumn()
    organisation = tables.Column(default=_("Whole programme"))
    value = NumberColumn()

    class Meta(BaseTable.Meta):
        model = IndicatorTarget
        fields = ("indicator", "year", "organisation", "value")
