import django_filters
from django.utils.translation import gettext_lazy as _

from phoihop.core.choices import Classification
from phoihop.core.filtersets import BaseFilterSet
from phoihop.orgs.models import Organisation
from phoihop.work.models import Document, DocumentType


class DocumentTypeFilterSet(BaseFilterSet):
    class Meta:
        model = DocumentType
        fields = ["q"]


class DocumentFilterSet(BaseFilterSet):
    """``q`` matches the folded number, subject, summary and issuing body: "chi thi 37" finds
    "Chỉ thị 37-CT/TW", "37-ct/tw" finds it by its number."""

    doc_type = django_filters.ModelChoiceFilter(queryset=DocumentType.objects.all(), label=_("Type"))
    owner = django_filters.ModelChoiceFilter(queryset=Organisation.objects.all(), label=_("Registered by"))
    signed_from = django_filters.DateFilter(field_name="signed_on", lookup_expr="gte", label=_("Signed from"))
    signed_to = django_filters.DateFilter(field_name="signed_on", lookup_expr="lte", label=_("Signed to"))
    year = django_filters.NumberFilter(field_name="year", label=_("Year"))
    classification = django_filters.ChoiceFilter(choices=Classification.choices, label=_("Classification"))

    class Meta:
        model = Document
        fields = ["q", "doc_type", "owner", "signed_from", "signed_to", "year", "classification"]
