from django import forms
from django.utils.translation import gettext_lazy as _

from phoihop.core.choices import Classification
from phoihop.core.forms import BaseModelForm
from phoihop.work.models import Document, DocumentRelation, DocumentType
from phoihop.work.numbering import normalize_document_number


def clearance_choices(user):
    """Classification levels a user may give a record: no higher than their own clearance (otherwise the
    record would vanish from their sight the moment it is saved)."""
    clearance = getattr(user, "clearance", Classification.UNCLASSIFIED)
    return [(value, label) for value, label in Classification.choices if value <= clearance]


class DocumentTypeForm(BaseModelForm):
    class Meta:
        model = DocumentType
        fields = ["code", "name", "abbreviation", "sort_order"]


class DocumentForm(BaseModelForm):
    class Meta:
        model = Document
        fields = [
            "doc_type",
            "number",
            "issuing_body",
            "signed_on",
            "subject",
            "summary",
            "owner",
            "classification",
            "holding_unit",
            "custodian",
            "storage_place",
        ]
        widgets = {"summary": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["number"].widget.attrs.setdefault("placeholder", "37-CT/TW, 30/2020/NĐ-CP")
        if self.user is not None:
            self.fields["classification"].choices = clearance_choices(self.user)

    def clean_number(self):
        # Document.clean() raises the parser's message without a field; checked here it lands on "number".
        return normalize_document_number(self.cleaned_data.get("number"))


class DocumentRelationForm(BaseModelForm):
    """Relate the page's document (the source) to another document the user may see."""

    class Meta:
        model = DocumentRelation
        fields = ["target", "kind"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        source = self.instance.source if self.instance.source_id else None
        if source is not None:
            self.fields["target"].queryset = self.fields["target"].queryset.exclude(pk=source.pk)
        self.fields["target"].label = _("Related document")

    def clean(self):
        cleaned = super().clean()
        target, kind = cleaned.get("target"), cleaned.get("kind")
        if target and kind and self.instance.source_id:
            duplicate = DocumentRelation.objects.filter(source=self.instance.source_id, target=target, kind=kind)
            if duplicate.exists():
                self.add_error("target", _("This relation is already recorded."))
        return cleaned
