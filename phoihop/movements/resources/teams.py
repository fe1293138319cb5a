"""Excel/CSV import and export of self-management teams and households.

Columns: ``post`` by organisation code, ``commune`` by area code, ``village`` by code or name, ``markers`` as
comma-separated marker numbers (``border.resources.MarkersWidget``: "979", or with the border line, "LA-12", for a
number on more than one line among your markers; exported with the line except on Vietnam–China), ``segments`` as
comma-separated segment codes, dates as dd/mm/yyyy. A row with an ``id`` updates that team. Exports head the columns
in the user's language (``column_labels``), give kind and purpose by label and "Có"/"Không", and add the names of
the post and the commune for reading (ignored on import).
"""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy
from import_export import fields

from phoihop.border.models import BorderSegment
from phoihop.border.resources import MarkersWidget
from phoihop.core.importexport import (
    DateWidget,
    RecordResource,
    ScopedForeignKeyWidget,
    ScopedManyToManyWidget,
    field_label,
)
from phoihop.movements.forms.common import commune_choices
from phoihop.movements.models import SelfManagementTeam
from phoihop.movements.models.teams import foreign_markers_error
from phoihop.movements.resources.common import PLACE_LABELS, VillageWidget
from phoihop.orgs.models import Area, Organisation


class SelfManagementTeamResource(RecordResource):
    scope_fields = ("post",)
    column_labels = {
        **PLACE_LABELS,
        **{
            name: field_label(SelfManagementTeam, name)
            for name in (
                "kind",
                "name",
                "purpose",
                "leader_name",
                "members_count",
                "households_count",
                "border_length_km",
                "founded_on",
                "active",
                "note",
            )
        },
        "post": gettext_lazy("Sponsoring post code"),
        "post_name": field_label(SelfManagementTeam, "post"),
        "markers": gettext_lazy("Numbers of the markers looked after"),
        "segments": gettext_lazy("Codes of the border segments"),
    }

    post = fields.Field(attribute="post", column_name="post", widget=ScopedForeignKeyWidget(Organisation, "code"))
    post_name = fields.Field(attribute="post__name", column_name="post_name", readonly=True)
    commune = fields.Field(attribute="commune", column_name="commune", widget=ScopedForeignKeyWidget(Area, "code"))
    commune_name = fields.Field(attribute="commune__name", column_name="commune_name", readonly=True)
    village = fields.Field(attribute="village", column_name="village", widget=VillageWidget())
    markers = fields.Field(attribute="markers", column_name="markers", widget=MarkersWidget())
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
            "post_name",
            "commune",
            "commune_name",
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

    def filter_export(self, queryset, **kwargs):
        """The post, commune, village, markers and segments in a few queries, whatever the number of teams."""
        return queryset.select_related("post", "commune", "village").prefetch_related("markers", "segments")
