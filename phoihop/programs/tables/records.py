import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from phoihop.core.tables import BaseTable, NumberColumn
from phoihop.programs.models import (
    ForestPlot,
    House,
    HouseFunding,
    Household,
    Resettlement,
    SponsoredChild,
    Sponsorship,
)


def record_link(record):
    return record.get_absolute_url()


class YearColumn(tables.Column):
    """A year as written (2025), never with a thousands separator."""

    def render(self, value):
        return str(value)


class ForestPlotTable(BaseTable):
    code = tables.Column(linkify=record_link, empty_values=(), order_by=("code", "pk"))
    year_planted = YearColumn()
    area_ha = NumberColumn()
    households_contracted = NumberColumn()

    class Meta(BaseTable.Meta):
        model = ForestPlot
        fields = (
            "code",
            "commune",
            "village",
            "year_planted",
            "area_ha",
            "species",
            "households_contracted",
            "organisation",
            "programme",
        )

    def render_code(self, record):
        return record.code or f"#{record.pk}"


class ResettlementTable(BaseTable):
    date = tables.DateColumn(linkify=record_link)
    households = NumberColumn()
    people = NumberColumn()

    class Meta(BaseTable.Meta):
        model = Resettlement
        fields = ("date", "commune", "village", "village_kind", "households", "people", "organisation", "programme")


class HouseTable(BaseTable):
    number = tables.Column(
        accessor="pk", verbose_name=_("Number"), linkify=record_link, attrs={"td": {"class": "text-nowrap"}}
    )
    total_cost = NumberColumn()

    class Meta(BaseTable.Meta):
        model = House
        fields = (
            "number",
            "commune",
            "village",
            "status",
            "start_date",
            "handover_date",
            "household_size",
            "total_cost",
            "organisation",
            "programme",
        )

    def render_number(self, value):
        return f"#{value}"


class HouseFundingTable(BaseTable):
    source = tables.Column(linkify=record_link)
    house = tables.Column(linkify=True)
    amount = NumberColumn()

    class Meta(BaseTable.Meta):
        model = HouseFunding
        fields = ("source", "house", "amount")


class HouseholdTable(BaseTable):
    head_name = tables.Column(linkify=True)
    head_birth_year = YearColumn()
    house = tables.Column(linkify=True)

    class Meta(BaseTable.Meta):
        model = Household
        fields = ("head_name", "head_birth_year", "ethnicity", "house")


class SponsorshipTable(BaseTable):
    number = tables.Column(accessor="pk", verbose_name=_("Number"), linkify=record_link)
    school = tables.Column(linkify=record_link)
    monthly_support = NumberColumn()

    class Meta(BaseTable.Meta):
        model = Sponsorship
        fields = (
            "number",
            "school",
            "grade",
            "commune",
            "monthly_support",
            "start_date",
            "end_date",
            "sponsoring_unit",
            "programme",
        )

    def render_number(self, value):
        return f"#{value}"


class SponsoredChildTable(BaseTable):
    full_name = tables.Column(linkify=True)
    sponsorship = tables.Column(linkify=True)

    class Meta(BaseTable.Meta):
        model = SponsoredChild
        fields = ("full_name", "birth_date", "gender", "ethnicity", "village", "sponsorship")
