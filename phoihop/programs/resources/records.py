"""Excel/CSV import and export of forest plots, resettlements and houses.

Columns hold codes: ``organisation`` (organisation code, one the importer may record for), ``programme``
(programme code), ``commune`` (area code), ``village`` (a village's code or name within the row's commune); dates
are dd/mm/yyyy and decimals may be written the Vietnamese way ("12,5"). A row with an ``id`` updates that record
(when the importer may change it). People (households, children) are never exported or imported here.

Exports head the columns in the user's language (``column_labels``), give choices by label and add the names of
the programme, organisation and commune for reading (ignored on import).
"""

from django.utils.translation import gettext_lazy
from import_export import fields

from phoihop.core.importexport import DecimalWidget, RecordResource, ScopedForeignKeyWidget, field_label
from phoihop.orgs.models import Area, Organisation
from phoihop.programs.forms.records import commune_choices, village_error
from phoihop.programs.models import ForestPlot, House, Programme, Resettlement
from phoihop.work.forms.outreach import VillageWidget

#: the labels of the columns every place record has
PLACE_LABELS = {
    "id": gettext_lazy("Record ID"),
    "programme": gettext_lazy("Programme code"),
    "programme_name": gettext_lazy("Programme name"),
    "organisation": gettext_lazy("Organisation code"),
    "commune": gettext_lazy("Commune code"),
    "commune_name": gettext_lazy("Commune name"),
    "village": gettext_lazy("Village"),
}


def place_labels(model, *names, **labels):
    """The place columns' labels, the organisation's name under the model's own word for it, each of ``names``
    headed by the model field's own name, and ``labels``."""
    return {
        **PLACE_LABELS,
        "organisation_name": field_label(model, "organisation"),
        "note": field_label(model, "note"),
        **{name: field_label(model, name) for name in names},
        **labels,
    }


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
    programme_name = fields.Field(attribute="programme__name", column_name="programme_name", readonly=True)
    organisation_name = fields.Field(attribute="organisation__name", column_name="organisation_name", readonly=True)
    commune_name = fields.Field(attribute="commune__name", column_name="commune_name", readonly=True)

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
    column_labels = place_labels(
        ForestPlot,
        "code",
        "year_planted",
        "planted_on",
        "area_ha",
        "species",
        "households_contracted",
        "survival_pct",
        "latitude",
        "longitude",
    )

    class Meta(RecordResource.Meta):
        model = ForestPlot
        fields = [
            "id",
            "code",
            "programme",
            "programme_name",
            "organisation",
            "organisation_name",
            "commune",
            "commune_name",
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
    column_labels = place_labels(
        Resettlement,
        "households",
        date=gettext_lazy("Resettlement date"),
        village_kind=gettext_lazy("Village kind"),
        people=gettext_lazy("Number of people"),
    )

    class Meta(RecordResource.Meta):
        model = Resettlement
        fields = [
            "id",
            "date",
            "programme",
            "programme_name",
            "organisation",
            "organisation_name",
            "commune",
            "commune_name",
            "village",
            "village_kind",
            "households",
            "people",
            "note",
        ]
        export_order = fields


class HouseResource(PlaceResource):
    """Houses without their household (personal data) and with the total cost read from the funding lines."""

    column_labels = place_labels(
        House,
        "household_size",
        "status",
        "start_date",
        "handover_date",
        "total_cost",
        "latitude",
        "longitude",
    )
    total_cost = fields.Field(attribute="total_cost", column_name="total_cost", readonly=True, widget=DecimalWidget())

    class Meta(RecordResource.Meta):
        model = House
        fields = [
            "id",
            "programme",
            "programme_name",
            "organisation",
            "organisation_name",
            "commune",
            "commune_name",
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
