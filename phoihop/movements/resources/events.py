"""Excel/CSV import and export of towards-the-border activities.

Columns: ``organiser`` and ``co_organisers`` by organisation code (comma-separated), ``commune`` by area code,
``village`` by code or name, amounts in VND, dates as dd/mm/yyyy. A row with an ``id`` updates it. Exports head the
columns in the user's language (``column_labels``) and add the names of the organiser and the commune for reading
(ignored on import).
"""

from django.utils.translation import gettext_lazy
from import_export import fields

from phoihop.core.importexport import (
    DateWidget,
    RecordResource,
    ScopedForeignKeyWidget,
    ScopedManyToManyWidget,
    field_label,
)
from phoihop.movements.forms.common import commune_choices
from phoihop.movements.models import TowardsBorderEvent
from phoihop.movements.resources.common import PLACE_LABELS, VillageWidget
from phoihop.orgs.models import Area, Organisation


class TowardsBorderEventResource(RecordResource):
    scope_fields = ("organiser",)
    column_labels = {
        **PLACE_LABELS,
        **{
            name: field_label(TowardsBorderEvent, name)
            for name in ("title", "participants_count", "contributions_vnd", "contribution_description", "note")
        },
        "held_on": gettext_lazy("Date held"),
        "organiser": gettext_lazy("Organiser code"),
        "organiser_name": gettext_lazy("Organiser name"),
        "co_organisers": gettext_lazy("Co-organiser codes"),
    }

    held_on = fields.Field(attribute="held_on", column_name="held_on", widget=DateWidget())
    organiser = fields.Field(
        attribute="organiser", column_name="organiser", widget=ScopedForeignKeyWidget(Organisation, "code")
    )
    organiser_name = fields.Field(attribute="organiser__name", column_name="organiser_name", readonly=True)
    co_organisers = fields.Field(
        attribute="co_organisers",
        column_name="co_organisers",
        widget=ScopedManyToManyWidget(Organisation, field="code"),
    )
    commune = fields.Field(attribute="commune", column_name="commune", widget=ScopedForeignKeyWidget(Area, "code"))
    commune_name = fields.Field(attribute="commune__name", column_name="commune_name", readonly=True)
    village = fields.Field(attribute="village", column_name="village", widget=VillageWidget())

    class Meta(RecordResource.Meta):
        model = TowardsBorderEvent
        fields = [
            "id",
            "title",
            "held_on",
            "organiser",
            "organiser_name",
            "co_organisers",
            "commune",
            "commune_name",
            "village",
            "participants_count",
            "contributions_vnd",
            "contribution_description",
            "note",
        ]
        export_order = fields

    def __init__(self, user=None, **kwargs):
        super().__init__(user=user, **kwargs)
        # The same choices as the form: co-organisers from core.access.participant_organisations (RecordResource);
        # communes of the deployment provinces.
        self.fields["commune"].widget.queryset = commune_choices()

    def filter_export(self, queryset, **kwargs):
        return queryset.select_related("organiser", "commune", "village").prefetch_related("co_organisers")
