from django.utils.translation import gettext as _
from rest_framework import serializers

from phoihop.core.api.serializers import BriefSerializer, RecordSerializer
from phoihop.orgs.models import Agreement, Area, Clause, Organisation, OrganisationKind, SharingRule
from phoihop.orgs.services import agreement_save

BOOKKEEPING = ["id", "url", "version", "created_at", "updated_at"]


class AreaSerializer(RecordSerializer):
    class Meta:
        model = Area
        fields = BOOKKEEPING + [
            "code",
            "name",
            "kind",
            "parent",
            "is_border_commune",
            "border_length_km",
            "min_latitude",
            "max_latitude",
            "min_longitude",
            "max_longitude",
            "valid_from",
            "valid_to",
            "predecessors",
            "note",
        ]


class OrganisationKindSerializer(RecordSerializer):
    class Meta:
        model = OrganisationKind
        fields = BOOKKEEPING + ["code", "name", "abbreviation", "is_party_body", "sort_order", "description"]


class OrganisationSerializer(RecordSerializer):
    scope_fields = ("parent",)
    kind_display = BriefSerializer(source="kind", read_only=True)
    path = serializers.CharField(read_only=True)

    class Meta:
        model = Organisation
        fields = BOOKKEEPING + [
            "name",
            "short_name",
            "code",
            "kind",
            "kind_display",
            "parent",
            "path",
            "areas",
            "superior_body_name",
            "valid_from",
            "valid_to",
            "successor",
            "address",
            "phone",
            "note",
        ]

    def validate(self, attrs):
        attrs = super().validate(attrs)
        user = self.context["request"].user
        parent = attrs.get("parent", getattr(self.instance, "parent", None))
        if parent is None and not user.is_superuser and not (self.instance and self.instance.parent_id is None):
            raise serializers.ValidationError({"parent": [_("Choose the parent organisation.")]})
        return attrs


class SharingRuleSerializer(RecordSerializer):
    scope_fields = ("owner",)

    class Meta:
        model = SharingRule
        fields = BOOKKEEPING + [
            "owner",
            "viewer",
            "content_type",
            "mode",
            "include_subtree",
            "valid_from",
            "valid_to",
            "note",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["viewer"].queryset = Organisation.objects.all()


class AgreementSerializer(RecordSerializer):
    scope_fields = ("owner",)
    save_service = staticmethod(agreement_save)

    class Meta:
        model = Agreement
        fields = BOOKKEEPING + [
            "number",
            "title",
            "owner",
            "parties",
            "signed_on",
            "valid_from",
            "valid_to",
            "status",
            "previous",
            "summary",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["parties"].child_relation.queryset = Organisation.objects.all()

    def validate_parties(self, value):
        if len(value) < 2:
            raise serializers.ValidationError(_("An agreement has at least two parties."))
        return value


class ClauseSerializer(RecordSerializer):
    class Meta:
        model = Clause
        fields = BOOKKEEPING + [
            "agreement",
            "number",
            "title",
            "content",
            "responsible",
            "review_frequency",
            "expected_evidence",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        if request is not None and request.user.is_authenticated:
            self.fields["agreement"].queryset = Agreement.objects.restrict(request.user, "change")
        self.fields["responsible"].child_relation.queryset = Organisation.objects.all()
