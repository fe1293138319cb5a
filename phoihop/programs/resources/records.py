"""Excel/CSV import and export of forest plots, resettlements and houses.

Columns hold codes: ``organisation`` (organisation code, one the importer may record for), ``programme``
(programme code), ``commune`` (area code), ``village`` (a village's code or name within the row's commune); dates
are dd/mm/yyyy and decimals may be written the Vietnamese way ("12,5"). A row with an ``id`` updates that record
(when the importer may change it). People (households, children) are never exported or imported here.
"""

from import_export import fields

from phoihop.core.importexport import RecordResource, ScopedForeignKeyWidget
from phoihop.orgs.models import Area, Organisation
from phoihop.programs.forms.records import commune_choices, village_error
from phoihop.programs.models import ForestPlot, House, Programme, Resettlement
from phoihop.work.forms.outreach import VillageWidget


class PlaceResource(RecordResource):
    scope_fields = ("organisation",)
    organisation = fields.Field(
        attribute="organisation", column_name="organisation", widget=ScopedForeignKeyWidget(Organisation, "code")
    )
    programme = fields.Field(
        attribute="programme", column_name="programme", widget=ScopedForeignKeyWidget(Programme, "code")
    )
    commune = fields.Field(attribute="commune", column_name="commune", widget=ScopedForeignKeyWidget(Area, "code"))
    village = fields.Field(attribute="village", column_name="village", widget=VillageWidget())

    def __init__(self, user=None, **kwargs):
        super().__init__(user=user, **kwargs)
        self.fields["commune"].widget.queryset = commune_choices()

    def validate_instance(self, instance, import_validation_errors=None, validate_unique=True):
        errors = dict(import_validation_errors or {})
        if instance.commune_id and instance.village_id and not {"commune", "village"} & errors.keys():
            message = village_error(instance.commune, instance.village)
            if message:
                errors["village"] = [message]
        super().validate_instance(instance, errors, validate_unique)


class ForestPlotResource(PlaceResource):
    class Meta(RecordResource.Meta):
        model = ForestPlot
        fields = [
            "id",
            "code",
            "programme",
            "organisation",
            "commune",
            "village",
            "year_planted",
            "planted_on",
            "area_ha",
            "species",
            "households_contracted",
            "survival_pct",
            "latitude",
            "longitude",
            "note",
        ]
        export_order = fields


class ResettlementResource(PlaceResource):
    class Meta(RecordResource.Meta):
        model = Resettlement
        fields = [
            "id",
            "date",
            "programme",
            "organisation",
            "commune",
            "village",
            "village_kind",
            "households",
            "people",
            "note",
        ]
        export_order = fields


class HouseResource(PlaceResource):
    """Houses without their household (personal data) and with the total cost read from the funding lines."""

    total_cost = fields.Field(attribute="total_cost", column_name="total_cost", readonly=True)

    class Meta(RecordResource.Meta):
        model = House
        fields = [
            "id",
            "programme",
            "organisation",
            "commune",
            "village",
            "household_size",
            "status",
            "start_date",
            "handover_date",
            "total_cost",
            "latitude",
            "longitude",
            "note",
        ]
        export_order = fields
