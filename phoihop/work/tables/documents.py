import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from phoihop.core.tables import BaseTable
from phoihop.work.models import Document, DocumentType


class DocumentTypeTable(BaseTable):
    name = tables.Column(linkify=True)

    class Meta(BaseTable.Meta):
        model = DocumentType
        fields = ("sort_order", "code", "name", "abbreviation")


class DocumentTable(BaseTable):
    number = tables.Column(linkify=True)
    subject = tables.Column(linkify=True, empty_values=())  # a register entry has no subject: its neutral label
    doc_type = tables.Column(verbose_name=_("type"))

    class Meta(BaseTable.Meta):
        model = Document
        fields = ("number", "subject", "doc_type", "issuing_body", "signed_on", "classification")

    def render_subject(self, record):
        return record.name_or_register_label(record.subject)
