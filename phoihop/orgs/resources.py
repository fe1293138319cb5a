from import_export import fields

from phoihop.core.importexport import RecordResource, ScopedForeignKeyWidget, ScopedManyToManyWidget
from phoihop.orgs.models import Area, Organisation, OrganisationKind


class AreaResource(RecordResource):
    parent = fields.Field(attribute="parent", column_name="parent", widget=ScopedForeignKeyWidget(Area, "code"))

    class Meta(RecordResource.Meta):
        model = Area
        import_id_fields = ["code"]
        fields = [
            "code",
            "name",
            "kind",
            "parent",
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
