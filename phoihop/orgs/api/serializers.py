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
    open_choice_fields = ("viewer",)  # as the form: sharing is how records cross the tree

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
    open_choice_fields = ("parties",)  # as the form: an agreement is signed between independent organisations
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

    def validate(self, attrs):
        attrs = super().validate(attrs)
        # as the form (ClauseForm): the responsible organisations are parties of the agreement, in any tree
        agreement = attrs.get("agreement", getattr(self.instance, "agreement", None))
        if agreement is not None and ("responsible" in attrs or "agreement" in attrs):
            if "responsible" in attrs:
                responsible = attrs["responsible"]
            else:
                responsible = list(self.instance.responsible.all()) if self.instance is not None else []
            parties = set(agreement.parties.values_list("pk", flat=True))
            strangers = [str(org) for org in responsible if org.pk not in parties]
            if strangers:
                message = _("Only parties of the agreement can be responsible: %(names)s is not a party.") % {
                    "names": ", ".join(strangers)
                }
                raise serializers.ValidationError({"responsible": [message]})
        return attrs
