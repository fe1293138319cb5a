from import_export import fields

from phoihop.core.importexport import DateWidget, RecordResource, ScopedForeignKeyWidget
from phoihop.movements.models import Twinning, TwinningActivity
from phoihop.movements.resources.common import CommuneOfVillageWidget, VillageWidget
from phoihop.orgs.models import Organisation


class TwinningResource(RecordResource):
    """Columns: ``organisation`` and ``partner_organisation`` by organisation code; or ``partner_village`` by code,
    or by name with the code of its commune in ``partner_commune``; dates as dd/mm/yyyy. A row with an ``id``
    updates that twinning."""

    scope_fields = ("organisation",)
    organisation = fields.Field(
        attribute="organisation", column_name="organisation", widget=ScopedForeignKeyWidget(Organisation, "code")
    )
    partner_organisation = fields.Field(
        attribute="partner_organisation",
        column_name="partner_organisation",
        widget=ScopedForeignKeyWidget(Organisation, "code"),
    )
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
            "partner_organisation",
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
        self.fields["partner_organisation"].widget.queryset = Organisation.objects.all()


class TwinningActivityResource(RecordResource):
    """Columns: ``twinning`` by its id (as exported), dates as dd/mm/yyyy, values in VND. A row with an ``id``
    updates that activity."""

    twinning = fields.Field(attribute="twinning", column_name="twinning", widget=ScopedForeignKeyWidget(Twinning, "pk"))
    held_on = fields.Field(attribute="held_on", column_name="held_on", widget=DateWidget())

    class Meta(RecordResource.Meta):
        model = TwinningActivity
        fields = ["id", "twinning", "held_on", "description", "participants_count", "value_vnd"]
        export_order = fields

    def __init__(self, user=None, **kwargs):
        super().__init__(user=user, **kwargs)
        if user is not None:
            self.fields["twinning"].widget.queryset = Twinning.objects.restrict(user, "change")
