from django.utils.translation import gettext_lazy
from import_export import fields

from phoihop.core.importexport import RecordResource, ScopedForeignKeyWidget, ScopedManyToManyWidget, field_label
from phoihop.orgs.models import Area, Organisation, OrganisationKind


class AreaResource(RecordResource):
    """Areas by code; the parent by its code. Exports head the columns in the user's language, give the kind by
    label and the parent's name for reading (ignored on import)."""

    column_labels = {
        "code": field_label(Area, "code"),
        "name": field_label(Area, "name"),
        "kind": gettext_lazy("Area kind"),
        "parent": gettext_lazy("Parent area code"),
        "parent_name": gettext_lazy("Parent area"),
        "is_border_commune": field_label(Area, "is_border_commune"),
        "border_length_km": field_label(Area, "border_length_km"),
        "valid_from": field_label(Area, "valid_from"),
        "valid_to": field_label(Area, "valid_to"),
        "note": field_label(Area, "note"),
    }
    parent = fields.Field(attribute="parent", column_name="parent", widget=ScopedForeignKeyWidget(Area, "code"))
    parent_name = fields.Field(attribute="parent__name", column_name="parent_name", readonly=True)

    class Meta(RecordResource.Meta):
        model = Area
        import_id_fields = ["code"]
        fields = [
            "code",
            "name",
            "kind",
            "parent",
            "parent_name",
            "is_border_commune",
            "border_length_km",
            "valid_from",
            "valid_to",
            "note",
        ]
        export_order = fields


class OrganisationResource(RecordResource):
    scope_fields = ("parent",)
    kind = fields.Field(attribute="kind", column_name="kind", widget=ScopedForeignKeyWidget(OrganisationKind, "code"))
    parent = fields.Field(attribute="parent", column_name="parent", widget=ScopedForeignKeyWidget(Organisation, "code"))
    areas = fields.Field(attribute="areas", column_name="areas", widget=ScopedManyToManyWidget(Area, field="code"))

    class Meta(RecordResource.Meta):
        model = Organisation
        import_id_fields = ["code"]
        fields = [
            "code",
            "name",
            "short_name",
            "kind",
            "parent",
            "areas",
            "superior_body_name",
            "valid_from",
            "valid_to",
            "address",
            "phone",
            "note",
        ]
        export_order = fields
