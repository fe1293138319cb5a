"""Excel/CSV import and export of the coordination work's record types (django-import-export)."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from import_export import fields, widgets

from phoihop.core.importexport import DateWidget, RecordResource, ScopedForeignKeyWidget, field_label
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
    """Columns: ``doc_type`` by its code, ``owner`` and ``holding_unit`` by organisation code, the signing date as
    dd/mm/yyyy. A row updates the importer's document with the ``id`` it was exported with; without one (or when
    that document is not the importer's to change), their document with the same number registered by the same
    organisation; otherwise it adds one. Exports head the columns in the user's language (``column_labels``), give
    the classification by label and add for reading (ignored on import) the type's and the registering
    organisation's names and the year."""

    scope_fields = ("owner",)
    column_labels = {
        "id": gettext_lazy("Record ID"),
        "doc_type": gettext_lazy("Document type code"),
        "doc_type_name": field_label(Document, "doc_type"),
        "owner": gettext_lazy("Registering organisation code"),
        "owner_name": field_label(Document, "owner"),
        "holding_unit": gettext_lazy("Code of the unit holding the paper file"),
        **{
            name: field_label(Document, name)
            for name in (
                "number",
                "issuing_body",
                "signed_on",
                "year",
                "subject",
                "summary",
                "classification",
                "custodian",
                "storage_place",
            )
        },
    }
    # read to find the document a row updates (``get_instance``), never written
    id = fields.Field(attribute="id", column_name="id", readonly=True, widget=widgets.IntegerWidget())
    number = fields.Field(attribute="number", column_name="number", widget=DocumentNumberWidget())
    doc_type = fields.Field(
        attribute="doc_type", column_name="doc_type", widget=ScopedForeignKeyWidget(DocumentType, "code")
    )
    doc_type_name = fields.Field(attribute="doc_type__name", column_name="doc_type_name", readonly=True)
    owner = fields.Field(attribute="owner", column_name="owner", widget=ScopedForeignKeyWidget(Organisation, "code"))
    owner_name = fields.Field(attribute="owner__name", column_name="owner_name", readonly=True)
    signed_on = fields.Field(attribute="signed_on", column_name="signed_on", widget=DateWidget())
    year = fields.Field(attribute="year", column_name="year", readonly=True, widget=widgets.IntegerWidget())
    # a classified document is a register entry: who holds the paper file and where (core.state_secrets)
    holding_unit = fields.Field(
        attribute="holding_unit", column_name="holding_unit", widget=ScopedForeignKeyWidget(Organisation, "code")
    )

    class Meta(RecordResource.Meta):
        model = Document
        # A number is unique only within its issuer, and may be missing: a row updates the importer's own
        # document with the same number registered by the same organisation; otherwise it adds one.
        import_id_fields = ["owner", "number"]
        fields = [
            "id",
            "number",
            "doc_type",
            "doc_type_name",
            "owner",
            "owner_name",
            "issuing_body",
            "signed_on",
            "year",
            "subject",
            "summary",
            "classification",
            "holding_unit",
            "custodian",
            "storage_place",
        ]
        export_order = fields

    def get_instance(self, instance_loader, row):
        exported = self._exported_document(row.get("id"))
        if exported is not None:
            return exported
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

    def _exported_document(self, key):
        """The document of an exported row's id, if the importer may change it."""
        if key in (None, ""):
            return None
        try:
            pk = int(float(str(key).strip()))
        except ValueError:
            return None
        return self.get_queryset().filter(pk=pk).first()

    def filter_export(self, queryset, **kwargs):
        return queryset.select_related("doc_type", "owner", "holding_unit")


# --- dissemination --------------------------------------------------------------------------------------


class DisseminationResource(RecordResource):
    """Columns: ``document`` by its number, ``organisation`` and ``assigned_by`` by organisation code, the deadline
    as dd/mm/yyyy. A row updates the duty of that document and organisation. Exports head the columns in the user's
    language (``column_labels``) and add for reading (ignored on import) the document's subject, the organisations'
    names, the duty's status as the list shows it, its number of sessions and the date of the last one."""

    # The assigning organisation needs the importer's Reporter role; the assigned one need only be visible.
    scope_fields = ("assigned_by",)
    column_labels = {
        "document": gettext_lazy("Document number"),
        "document_subject": gettext_lazy("Document subject"),
        "organisation": gettext_lazy("Organisation code"),
        "organisation_name": gettext_lazy("Organisation name"),
        "assigned_by": gettext_lazy("Assigning organisation code"),
        "assigned_by_name": field_label(Dissemination, "assigned_by"),
        "deadline": field_label(Dissemination, "deadline"),
        "status": gettext_lazy("Status"),
        "sessions": gettext_lazy("Sessions held"),
        "last_held_on": gettext_lazy("Last session held on"),
        "note": field_label(Dissemination, "note"),
    }
    document = fields.Field(
        attribute="document", column_name="document", widget=DocumentByNumberWidget(Document, "number")
    )
    document_subject = fields.Field(attribute="document__subject", column_name="document_subject", readonly=True)
    organisation = fields.Field(
        attribute="organisation", column_name="organisation", widget=ScopedForeignKeyWidget(Organisation, "code")
    )
    organisation_name = fields.Field(attribute="organisation__name", column_name="organisation_name", readonly=True)
    assigned_by = fields.Field(
        attribute="assigned_by", column_name="assigned_by", widget=ScopedForeignKeyWidget(Organisation, "code")
    )
    assigned_by_name = fields.Field(attribute="assigned_by__name", column_name="assigned_by_name", readonly=True)
    deadline = fields.Field(attribute="deadline", column_name="deadline", widget=DateWidget())
    status = fields.Field(column_name="status", readonly=True)
    sessions = fields.Field(
        attribute="session_count", column_name="sessions", readonly=True, widget=widgets.IntegerWidget()
    )
    last_held_on = fields.Field(
        attribute="last_held_on", column_name="last_held_on", widget=DateWidget(), readonly=True
    )

    class Meta(RecordResource.Meta):
        model = Dissemination
        import_id_fields = ["document", "organisation"]
        fields = [
            "document",
            "document_subject",
            "organisation",
            "organisation_name",
            "assigned_by",
            "assigned_by_name",
            "deadline",
            "status",
            "sessions",
            "last_held_on",
            "note",
        ]
        export_order = fields

    def filter_export(self, queryset, **kwargs):
        """The document, the organisations and each duty's sessions (counted in subqueries) in one query."""
        from phoihop.work.selectors import with_dissemination_status

        if "session_count" not in queryset.query.annotations:
            queryset = with_dissemination_status(queryset)
        return queryset.select_related("document", "organisation", "assigned_by")

    def dehydrate_status(self, duty):
        """Done, overdue (deadline passed, no session) or not done, as the list's badge says."""
        from phoihop.work.filtersets.dissemination import DisseminationStatus

        if getattr(duty, "done", False):
            return str(DisseminationStatus.DONE.label)
        if duty.deadline and duty.deadline < timezone.localdate():
            return str(DisseminationStatus.OVERDUE.label)
        return str(DisseminationStatus.NOT_DONE.label)

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
