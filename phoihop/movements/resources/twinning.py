"""Excel/CSV import and export of twinnings and their activities.

Exports head the columns in the user's language (``column_labels``), give yes/no as "Có"/"Không" and add the names
of the related records for reading (ignored on import).
"""

from django.utils.translation import gettext_lazy
from import_export import fields

from phoihop.core.importexport import DateWidget, DisplayWidget, RecordResource, ScopedForeignKeyWidget, field_label
from phoihop.movements.models import Twinning, TwinningActivity
from phoihop.movements.resources.common import CommuneOfVillageWidget, VillageWidget
from phoihop.orgs.models import Organisation

#: what a twinning's name (``str``) reads
TWINNING_RELATED = ("organisation", "partner_organisation", "partner_village")


class TwinningResource(RecordResource):
    """Columns: ``organisation`` and ``partner_organisation`` by organisation code; or ``partner_village`` by code,
    or by name with the code of its commune in ``partner_commune``; dates as dd/mm/yyyy. A row with an ``id``
    updates that twinning."""

    scope_fields = ("organisation",)
    column_labels = {
        "id": gettext_lazy("Record ID"),
        "organisation": gettext_lazy("Organisation code"),
        "organisation_name": gettext_lazy("Organisation name"),
        "partner_organisation": gettext_lazy("Partner organisation code"),
        "partner_organisation_name": field_label(Twinning, "partner_organisation"),
        "partner_commune": gettext_lazy("Commune code of the partner village"),
        **{
            name: field_label(Twinning, name)
            for name in ("partner_village", "started_on", "ended_on", "commitments", "active")
        },
    }

    organisation = fields.Field(
        attribute="organisation", column_name="organisation", widget=ScopedForeignKeyWidget(Organisation, "code")
    )
    organisation_name = fields.Field(attribute="organisation__name", column_name="organisation_name", readonly=True)
    partner_organisation = fields.Field(
        attribute="partner_organisation",
        column_name="partner_organisation",
        widget=ScopedForeignKeyWidget(Organisation, "code"),
    )
    partner_organisation_name = fields.Field(
        attribute="partner_organisation__name", column_name="partner_organisation_name", readonly=True
    )
    # read by the village's widget to find a village given by name; never written
    partner_commune = fields.Field(
        attribute="partner_village__parent",
        column_name="partner_commune",
        widget=CommuneOfVillageWidget(),
        readonly=True,
    )
    partner_village = fields.Field(
        attribute="partner_village", column_name="partner_village", widget=VillageWidget("partner_commune")
    )
    started_on = fields.Field(attribute="started_on", column_name="started_on", widget=DateWidget())
    ended_on = fields.Field(attribute="ended_on", column_name="ended_on", widget=DateWidget())

    class Meta(RecordResource.Meta):
        model = Twinning
        fields = [
            "id",
            "organisation",
            "organisation_name",
            "partner_organisation",
            "partner_organisation_name",
            "partner_commune",
            "partner_village",
            "started_on",
            "ended_on",
            "commitments",
            "active",
        ]
        export_order = fields

    def __init__(self, user=None, **kwargs):
        super().__init__(user=user, **kwargs)
        # the partner from core.access.participant_organisations, as on the form and in the API (RecordResource)

    def filter_export(self, queryset, **kwargs):
        return queryset.select_related(*TWINNING_RELATED, "partner_village__parent")


class TwinningActivityResource(RecordResource):
    """Columns: ``twinning`` by its id (as exported), dates as dd/mm/yyyy, values in VND. A row with an ``id``
    updates that activity; the twinning's parties are exported for reading."""

    column_labels = {
        "id": gettext_lazy("Record ID"),
        "twinning": gettext_lazy("Twinning ID"),
        "twinning_name": gettext_lazy("Twinning parties"),
        **{
            name: field_label(TwinningActivity, name)
            for name in ("held_on", "description", "participants_count", "value_vnd")
        },
    }

    twinning = fields.Field(attribute="twinning", column_name="twinning", widget=ScopedForeignKeyWidget(Twinning, "pk"))
    twinning_name = fields.Field(
        attribute="twinning", column_name="twinning_name", readonly=True, widget=DisplayWidget()
    )
    held_on = fields.Field(attribute="held_on", column_name="held_on", widget=DateWidget())

    class Meta(RecordResource.Meta):
        model = TwinningActivity
        fields = ["id", "twinning", "twinning_name", "held_on", "description", "participants_count", "value_vnd"]
        export_order = fields

    def __init__(self, user=None, **kwargs):
        super().__init__(user=user, **kwargs)
        if user is not None:
            self.fields["twinning"].widget.queryset = Twinning.objects.restrict(user, "change")

    def filter_export(self, queryset, **kwargs):
        return queryset.select_related(*(f"twinning__{name}" for name in TWINNING_RELATED))
