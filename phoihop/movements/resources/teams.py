from django.core.exceptions import ValidationError
from import_export import fields

from phoihop.border.models import BorderSegment, Marker
from phoihop.core.importexport import DateWidget, RecordResource, ScopedForeignKeyWidget, ScopedManyToManyWidget
from phoihop.movements.forms.common import commune_choices
from phoihop.movements.models import SelfManagementTeam
from phoihop.movements.models.teams import foreign_markers_error
from phoihop.movements.resources.common import VillageWidget
from phoihop.orgs.models import Area, Organisation


class SelfManagementTeamResource(RecordResource):
    """Columns: ``post`` by organisation code, ``commune`` by area code, ``village`` by code or name, ``markers``
    as comma-separated marker numbers, ``segments`` as comma-separated segment codes, dates as dd/mm/yyyy. A row
    with an ``id`` updates that team."""

    scope_fields = ("post",)
    post = fields.Field(attribute="post", column_name="post", widget=ScopedForeignKeyWidget(Organisation, "code"))
    commune = fields.Field(attribute="commune", column_name="commune", widget=ScopedForeignKeyWidget(Area, "code"))
    village = fields.Field(attribute="village", column_name="village", widget=VillageWidget())
    markers = fields.Field(
        attribute="markers", column_name="markers", widget=ScopedManyToManyWidget(Marker, field="number")
    )
    segments = fields.Field(
        attribute="segments", column_name="segments", widget=ScopedManyToManyWidget(BorderSegment, field="code")
    )
    founded_on = fields.Field(attribute="founded_on", column_name="founded_on", widget=DateWidget())

    class Meta(RecordResource.Meta):
        model = SelfManagementTeam
        fields = [
            "id",
            "kind",
            "name",
            "post",
            "commune",
            "village",
            "purpose",
            "leader_name",
            "members_count",
            "households_count",
            "border_length_km",
            "markers",
            "segments",
            "founded_on",
            "active",
            "note",
        ]
        export_order = fields

    def __init__(self, user=None, **kwargs):
        super().__init__(user=user, **kwargs)
        self.fields["commune"].widget.queryset = commune_choices()

    def save_m2m(self, instance, row, **kwargs):
        super().save_m2m(instance, row, **kwargs)
        if instance.pk:
            foreign = list(instance.markers.exclude(post_id=instance.post_id).order_by("sort_key"))
            if foreign:
                raise ValidationError({"markers": foreign_markers_error(foreign)})
