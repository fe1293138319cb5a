"""Excel/CSV import and export of holiday visits.

Columns: ``occasion`` and ``funding_source`` by code, ``visiting_organisation`` and ``visited_organisation`` by
organisation code, ``commune`` by area code, ``village`` by code or name, dates as dd/mm/yyyy, values in VND. A row
with an ``id`` updates that visit. Exports head the columns in the user's language (``column_labels``) and add the
names of the occasion, the organisations, the commune and the funding source for reading (ignored on import).
"""

from django.utils.translation import gettext_lazy
from import_export import fields

from phoihop.core.importexport import DateWidget, RecordResource, ScopedForeignKeyWidget, field_label
from phoihop.movements.forms.common import commune_choices
from phoihop.movements.models import HolidayVisit, Occasion
from phoihop.movements.resources.common import VillageWidget
from phoihop.orgs.models import Area, Organisation
from phoihop.programs.models import FundingSource

RELATED = ("occasion", "visiting_organisation", "visited_organisation", "commune", "village", "funding_source")


class HolidayVisitResource(RecordResource):
    scope_fields = ("visiting_organisation",)
    column_labels = {
        "id": gettext_lazy("Record ID"),
        "held_on": gettext_lazy("Date of the visit"),
        "occasion": gettext_lazy("Occasion code"),
        "occasion_name": gettext_lazy("Occasion name"),
        "visiting_organisation": gettext_lazy("Visiting organisation code"),
        "visiting_organisation_name": field_label(HolidayVisit, "visiting_organisation"),
        "visited_organisation": gettext_lazy("Visited organisation code"),
        "visited_organisation_name": field_label(HolidayVisit, "visited_organisation"),
        "commune": gettext_lazy("Visited commune code"),
        "commune_name": field_label(HolidayVisit, "commune"),
        "funding_source": gettext_lazy("Funding source code"),
        "funding_source_name": field_label(HolidayVisit, "funding_source"),
        **{
            name: field_label(HolidayVisit, name)
            for name in ("village", "households_visited", "gifts_count", "value_vnd", "note")
        },
    }

    held_on = fields.Field(attribute="held_on", column_name="held_on", widget=DateWidget())
    occasion = fields.Field(
        attribute="occasion", column_name="occasion", widget=ScopedForeignKeyWidget(Occasion, "code")
    )
    occasion_name = fields.Field(attribute="occasion__name", column_name="occasion_name", readonly=True)
    visiting_organisation = fields.Field(
        attribute="visiting_organisation",
        column_name="visiting_organisation",
        widget=ScopedForeignKeyWidget(Organisation, "code"),
    )
    visiting_organisation_name = fields.Field(
        attribute="visiting_organisation__name", column_name="visiting_organisation_name", readonly=True
    )
    visited_organisation = fields.Field(
        attribute="visited_organisation",
        column_name="visited_organisation",
        widget=ScopedForeignKeyWidget(Organisation, "code"),
    )
    visited_organisation_name = fields.Field(
        attribute="visited_organisation__name", column_name="visited_organisation_name", readonly=True
    )
    commune = fields.Field(attribute="commune", column_name="commune", widget=ScopedForeignKeyWidget(Area, "code"))
    commune_name = fields.Field(attribute="commune__name", column_name="commune_name", readonly=True)
    village = fields.Field(attribute="village", column_name="village", widget=VillageWidget())
    funding_source = fields.Field(
        attribute="funding_source", column_name="funding_source", widget=ScopedForeignKeyWidget(FundingSource, "code")
    )
    funding_source_name = fields.Field(
        attribute="funding_source__name", column_name="funding_source_name", readonly=True
    )

    class Meta(RecordResource.Meta):
        model = HolidayVisit
        fields = [
            "id",
            "held_on",
            "occasion",
            "occasion_name",
            "visiting_organisation",
            "visiting_organisation_name",
            "visited_organisation",
            "visited_organisation_name",
            "commune",
            "commune_name",
            "village",
            "households_visited",
            "gifts_count",
            "value_vnd",
            "funding_source",
            "funding_source_name",
            "note",
        ]
        export_order = fields

    def __init__(self, user=None, **kwargs):
        super().__init__(user=user, **kwargs)
        # the visited organisation from core.access.participant_organisations, as on the form (RecordResource)
        self.fields["commune"].widget.queryset = commune_choices()

    def filter_export(self, queryset, **kwargs):
        return queryset.select_related(*RELATED)
