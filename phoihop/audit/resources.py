"""The Excel/CSV export of the personal-data access log (export only: nobody imports a log)."""

from django.utils.translation import gettext_lazy as _
from import_export import fields

from phoihop.audit.models import PersonalDataAccess
from phoihop.core.importexport import DateTimeDisplayWidget, RecordResource, field_label
from phoihop.core.record_types import record_type_label

COLUMNS = [
    "at",
    "user",
    "username",
    "organisation",
    "content_type",
    "object_pk",
    "label",
    "action",
    "rows",
    "object_pks",
    "fmt",
    "query",
    "purpose",
    "purpose_note",
    "remote_addr",
]


class PersonalDataAccessResource(RecordResource):
    column_labels = {
        **{name: field_label(PersonalDataAccess, name) for name in COLUMNS if name not in ("username", "content_type")},
        "username": _("Username"),
        "content_type": _("Record type"),
    }
    at = fields.Field(attribute="at", column_name="at", widget=DateTimeDisplayWidget())
    user = fields.Field(column_name="user", readonly=True)
    username = fields.Field(column_name="username", readonly=True)
    organisation = fields.Field(column_name="organisation", readonly=True)
    content_type = fields.Field(column_name="content_type", readonly=True)
    object_pks = fields.Field(column_name="object_pks", readonly=True)

    class Meta(RecordResource.Meta):
        model = PersonalDataAccess
        fields = COLUMNS
        export_order = COLUMNS

    def dehydrate_user(self, entry):
        return str(entry.user)

    def dehydrate_username(self, entry):
        return entry.user.get_username()

    def dehydrate_organisation(self, entry):
        return entry.organisation.name if entry.organisation_id and entry.organisation else ""

    def dehydrate_content_type(self, entry):
        return str(record_type_label(entry.content_type))

    def dehydrate_object_pks(self, entry):
        return ", ".join(str(pk) for pk in entry.object_pks or [])
