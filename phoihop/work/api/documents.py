"""API of documents (/api/work/documents/) and document types (/api/work/document-types/)."""

from django.utils.translation import gettext as _
from rest_framework import serializers

from phoihop.core.api.serializers import BriefSerializer, RecordSerializer
from phoihop.core.api.views import RecordViewSet
from phoihop.work.filtersets import documents as filtersets
from phoihop.work.models import Document, DocumentType
from phoihop.work.numbering import normalize_document_number

BOOKKEEPING = ["id", "url", "version", "created_at", "updated_at"]


class DocumentTypeSerializer(RecordSerializer):
    class Meta:
        model = DocumentType
        fields = BOOKKEEPING + ["code", "name", "abbreviation", "sort_order"]


class DocumentSerializer(RecordSerializer):
    doc_type_display = BriefSerializer(source="doc_type", read_only=True)
    owner_display = BriefSerializer(source="owner", read_only=True)
    year = serializers.IntegerField(read_only=True)

    class Meta:
        model = Document
        fields = BOOKKEEPING + [
            "number",
            "doc_type",
            "doc_type_display",
            "owner",
            "owner_display",
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

    def validate_number(self, value):
        # Document.clean() raises the parser's message without a field; checked here it comes back as
        # {"number": [...]}.
        return normalize_document_number(value)

    def validate_classification(self, value):
        user = self.context["request"].user
        if value > user.clearance:
            raise serializers.ValidationError(_("You cannot classify a record above your own clearance."))
        return value


class DocumentTypeViewSet(RecordViewSet):
    """Every signed-in user reads the list; only superusers change it."""

    queryset = DocumentType.objects.all()
    serializer_class = DocumentTypeSerializer
    filterset_class = filtersets.DocumentTypeFilterSet
    ordering_fields = ["sort_order", "code", "name"]


class DocumentViewSet(RecordViewSet):
    queryset = Document.objects.select_related("doc_type", "owner")
    serializer_class = DocumentSerializer
    filterset_class = filtersets.DocumentFilterSet
    ordering_fields = ["number", "signed_on", "year", "subject"]


def register(router):
    router.register("document-types", DocumentTypeViewSet)
    router.register("documents", DocumentViewSet)
