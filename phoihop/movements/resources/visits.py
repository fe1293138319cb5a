from import_export import fields

from phoihop.core.importexport import DateWidget, RecordResource, ScopedForeignKeyWidget
from phoihop.movements.forms.common import commune_choices
from phoihop.movements.models import HolidayVisit, Occasion
from phoihop.movements.resources.common import VillageWidget
from phoihop.orgs.models import Area, Organisation
from phoihop.programs.models import FundingSource


class HolidayVisitResource(RecordResource):
    """Columns: ``occasion`` and ``funding_source`` by code, ``visiting_organisation`` and
    ``visited_organisation`` by organisation code, ``commune`` by area code, ``village`` by code or name, dates as
    dd/mm/yyyy, values in VND. A row with an ``id`` updates that visit."""

    scope_fields = ("visiting_organisation",)
    held_on = fields.Field(attribute="held_on", column_name="held_on", widget=DateWidget())
    occasion = fields.Field(
        attribute="occasion", column_name="occasion", widget=ScopedForeignKeyWidget(Occasion, "code")
    )
    visiting_organisation = fields.Field(
        attribute="visiting_organisation",
        column_name="visiting_organisation",
        widget=ScopedForeignKeyWidget(Organisation, "code"),
    )
    visited_organisation = fields.Field(
        attribute="visited_organisation",
        column_name="visited_organisation",
        widget=ScopedForeignKeyWidget(Organisation, "code"),
    )
    commune = fields.Field(attribute="commune", column_name="commune", widget=ScopedForeignKeyWidget(Area, "code"))
    village = fields.Field(attribute="village", column_name="village", widget=VillageWidget())
    funding_source = fields.Field(
        attribute="funding_source", column_name="funding_source", widget=ScopedForeignKeyWidget(FundingSource, "code")
    )

    class Meta(RecordResource.Meta):
        model = HolidayVisit
        fields = [
            "id",
            "held_on",
            "occasion",
            "visiting_organisation",
            "visited_organisation",
            "commune",
            "village",
            "households_visited",
            "gifts_count",
            "value_vnd",
            "funding_source",
            "note",
        ]
        export_order = fields

    def __init__(self, user=None, **kwargs):
        super().__init__(user=user, **kwargs)
        self.fields["visited_organisation"].widget.queryset = Organisation.objects.all()
        self.fields["commune"].widget.queryset = commune_choices()
