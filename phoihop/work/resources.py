"""Excel/CSV import and export of the coordination work's record types (django-import-export)."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _
from import_export import fields, widgets

from phoihop.core.importexport import DateWidget, RecordResource, ScopedForeignKeyWidget
from phoihop.orgs.models import Organisation
from phoihop.work.models import Dissemination, Document, DocumentType
from phoihop.work.numbering import normalize_document_number
from phoihop.work.services_dissemination import dissemination_save


class DocumentNumberWidget(widgets.CharWidget):
    """A document number, normalised by the parser ("37-ct/tw" → "37-CT/TW"); a malformed one is reported
    against its row and column with the parser's message."""

    def clean(self, value, row=None, **kwargs):
        try:
            return normalize_document_number(value)
        except ValidationError as error:
            raise ValueError(" ".join(error.messages)) from None


class DocumentByNumberWidget(ScopedForeignKeyWidget):
    """A document looked up by its number (normalised first) among the documents the importer may see."""

    def clean(self, value, row=None, **kwargs):
        try:
            value = normalize_document_number(value)
        except ValidationError as error:
            raise ValueError(" ".join(error.messages)) from None
        return super().clean(value, row, **kwargs)


# --- documents ------------------------------------------------------------------------------------------


class DocumentResource(RecordResource):
    scope_fields = ("owner",)
    number = fields.Field(attribute="number", column_name="number", widget=DocumentNumberWidget())
    doc_type = fields.Field(
        attribute="doc_type", column_name="doc_type", widget=ScopedForeignKeyWidget(DocumentType, "code")
    )
    owner = fields.Field(attribute="owner", column_name="owner", widget=ScopedForeignKeyWidget(Organisation, "code"))
    signed_on = fields.Field(attribute="signed_on", column_name="signed_on", widget=DateWidget())

    class Meta(RecordResource.Meta):
        model = Document
        # A number is unique only within its issuer, and may be missing: a row updates the importer's own
        # document with the same number registered by the same organisation; otherwise it adds one.
        import_id_fields = ["owner", "number"]
        fields = ["number", "doc_type", "owner", "issuing_body", "signed_on", "subject", "summary", "classification"]
        export_order = fields

    def get_instance(self, instance_loader, row):
        if "number" not in row or "owner" not in row:
            return None
        try:
            number = self.fields["number"].clean(row)
            owner = self.fields["owner"].clean(row)
        except ValueError:
            return None  # the bad cell is reported against its column when the row is read
        if not number or owner is None:
            return None  # without a number a row is always a new document
        # The issuer part keeps the case it was typed in ("37-CT/tw"): match regardless of case.
        matches = list(self.get_queryset().filter(owner=owner, number__iexact=number)[:2])
        return matches[0] if len(matches) == 1 else None


# --- dissemination --------------------------------------------------------------------------------------


class DisseminationResource(RecordResource):
    # The assigning organisation needs the importer's Reporter role; the assigned one need only be visible.
    scope_fields = ("assigned_by",)
    document = fields.Field(
        attribute="document", column_name="document", widget=DocumentByNumberWidget(Document, "number")
    )
    organisation = fields.Field(
        attribute="organisation", column_name="organisation", widget=ScopedForeignKeyWidget(Organisation, "code")
    )
    assigned_by = fields.Field(
        attribute="assigned_by", column_name="assigned_by", widget=ScopedForeignKeyWidget(Organisation, "code")
    )
    deadline = fields.Field(attribute="deadline", column_name="deadline", widget=DateWidget())
    sessions = fields.Field(attribute="session_count", column_name="sessions", readonly=True)
    last_held_on = fields.Field(
        attribute="last_held_on", column_name="last_held_on", widget=DateWidget(), readonly=True
    )

    class Meta(RecordResource.Meta):
        model = Dissemination
        import_id_fields = ["document", "organisation"]
        fields = ["document", "organisation", "assigned_by", "deadline", "note", "sessions", "last_held_on"]
        export_order = fields

    def get_instance(self, instance_loader, row):
        try:
            return super().get_instance(instance_loader, row)
        except ValueError:
            return None  # reported against its column when the row is read

    def do_instance_save(self, instance, is_create):
        try:
            dissemination_save(acting_user=self.user, instance=instance)
        except PermissionDenied as error:
            raise ValidationError(str(error) or _("The record would fall outside your organisation's scope.")) from None
