from import_export import fields

from phoihop.accounts.models import Membership, User
from phoihop.core.importexport import RecordResource, ScopedForeignKeyWidget
from phoihop.orgs.models import Organisation


class UserExportResource(RecordResource):
    class Meta(RecordResource.Meta):
        model = User
        fields = ["username", "full_name", "email", "position", "phone", "clearance", "is_active", "language"]
        export_order = fields


class MembershipResource(RecordResource):
    scope_fields = ("organisation",)
    user = fields.Field(attribute="user", column_name="user", widget=ScopedForeignKeyWidget(User, "username"))
    organisation = fields.Field(
        attribute="organisation", column_name="organisation", widget=ScopedForeignKeyWidget(Organisation, "code")
    )

    class Meta(RecordResource.Meta):
        model = Membership
        fields = ["id", "user", "organisation", "role", "note"]
        export_order = fields
