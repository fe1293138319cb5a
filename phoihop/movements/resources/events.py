from import_export import fields

from phoihop.core.importexport import DateWidget, RecordResource, ScopedForeignKeyWidget, ScopedManyToManyWidget
from phoihop.movements.forms.common import commune_choices
from phoihop.movements.models import TowardsBorderEvent
from phoihop.movements.resources.common import VillageWidget
from phoihop.orgs.models import Area, Organisation


class TowardsBorderEventResource(RecordResource):
    """Columns: ``organiser`` and ``co_organisers`` by organisation code (comma-separated), ``commune`` by area
    code, ``village`` by code or name, amounts in VND, dates as dd/mm/yyyy. A row with an ``id`` updates it."""

    scope_fields = ("organiser",)
    held_on = fields.Field(attribute="held_on", column_name="held_on", widget=DateWidget())
    organiser = fields.Field(
        attribute="organiser", column_name="organiser", widget=ScopedForeignKeyWidget(Organisation, "code")
    )
    co_organisers = fields.Field(
        attribute="co_organisers",
        column_name="co_organisers",
        widget=ScopedManyToManyWidget(Organisation, field="code"),
    )
    commune = fields.Field(attribute="commune", column_name="commune", widget=ScopedForeignKeyWidget(Area, "code"))
    village = fields.Field(attribute="village", column_name="village", widget=VillageWidget())

    class Meta(RecordResource.Meta):
        model = TowardsBorderEvent
        fields = [
            "id",
            "title",
            "held_on",
            "organiser",
            "co_organisers",
            "commune",
            "village",
            "participants_count",
            "contributions_vnd",
            "contribution_description",
            "note",
        ]
        export_order = fields

    def __init__(self, user=None, **kwargs):
        super().__init__(user=user, **kwargs)
        # The same choices as the form: any organisation co-organises; communes of the deployment province.
        self.fields["co_organisers"].widget.queryset = Organisation.objects.all()
        self.fields["commune"].widget.queryset = commune_choices()
