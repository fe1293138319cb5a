"""Serializers of the security records. As on the pages: choices pass through the gate; a case's records offer only
the cases the user may change; subjects' identities only the cases of organisations where the user may record
personal data; case payloads never carry identities (/api/security/subject-identities/ serves them)."""

from django.utils.translation import gettext_lazy
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from phoihop.core.api.serializers import BriefSerializer, RecordSerializer
from phoihop.orgs.models import Organisation
from phoihop.programs.forms.records import commune_choices, personal_data_organisations, village_choices
from phoihop.security.forms.cases import editable_cases
from phoihop.security.models import (
    Case,
    CaseCategory,
    CaseSubjectGroup,
    CaseSubjectIdentity,
    CustodyStep,
    Operation,
    SeizedItem,
    SeizedItemType,
    SituationNote,
)
from phoihop.security.services import case_custody_record, situation_note_record

BOOKKEEPING = ["id", "url", "version", "created_at", "updated_at"]
REGISTER = ["classification", "holding_unit", "custodian", "storage_place"]


def request_user(serializer):
    request = serializer.context.get("request")
    user = getattr(request, "user", None)
    return user if user is not None and user.is_authenticated else None


class CaseCategorySerializer(RecordSerializer):
    class Meta:
        model = CaseCategory
        fields = BOOKKEEPING + ["code", "name", "default_nature", "sort_order"]


class SeizedItemTypeSerializer(RecordSerializer):
    class Meta:
        model = SeizedItemType
        fields = BOOKKEEPING + ["code", "name", "default_unit", "has_face_value", "sort_order"]


class OperationSerializer(RecordSerializer):
    lead_unit_display = BriefSerializer(source="lead_unit", read_only=True)

    class Meta:
        model = Operation
        fields = BOOKKEEPING + [
            "code",
            "name",
            "lead_unit",
            "lead_unit_display",
            "category",
            "coordinating_agencies",
            "opened_on",
            "closed_on",
            "result",
            *REGISTER,
        ]


class PlaceMixin:
    """Communes and villages of the deployment province, as the forms offer them."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "commune" in self.fields:
            self.fields["commune"].queryset = commune_choices()
        if "village" in self.fields:
            self.fields["village"].queryset = village_choices()


@extend_schema_field(
    {"type": "string", "pattern": r"^([01]\d|2[0-3]):[0-5]\d(:[0-5]\d)?$", "example": "04:30", "nullable": True}
)
class LocalTimeField(serializers.TimeField):
    """A time of day on the border post's clock, "HH:MM". OpenAPI's ``format: time`` is RFC 3339's full-time,
    which needs a UTC offset that a case's local time of day does not have."""

    def __init__(self, **kwargs):
        kwargs.setdefault("format", "%H:%M")
        kwargs.setdefault("input_formats", ["%H:%M", "%H:%M:%S"])
        super().__init__(**kwargs)


class CaseSerializer(PlaceMixin, RecordSerializer):
    """A case without its subjects' identities."""

    occurred_time = LocalTimeField(
        label=gettext_lazy("time"), required=False, allow_null=True, help_text=gettext_lazy("HH:MM, local time.")
    )
    unit_display = BriefSerializer(source="unit", read_only=True)
    category_display = BriefSerializer(source="category", read_only=True)
    commune_display = BriefSerializer(source="commune", read_only=True)

    class Meta:
        model = Case
        fields = BOOKKEEPING + [
            "code",
            "occurred_on",
            "occurred_time",
            "category",
            "category_display",
            "nature",
            "role",
            "operation",
            "unit",
            "unit_display",
            "involved_units",
            "other_agencies",
            "commune",
            "commune_display",
            "village",
            "place_detail",
            "marker",
            "latitude",
            "longitude",
            "ownerless",
            "subject_count",
            "outcome",
            "outcome_on",
            "fine_amount",
            "transferred_to",
            "budget_receipts",
            "summary",
            "note",
            *REGISTER,
        ]
        extra_kwargs = {"involved_units": {"required": False}}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # named for the record only (no access): any organisation, as on the form
        self.fields["involved_units"].child_relation.queryset = Organisation.objects.all()
        user = request_user(self)
        if user is not None:
            self.fields["operation"].queryset = Operation.objects.restrict(user, "change")


class CaseChildSerializer(RecordSerializer):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        user = request_user(self)
        if user is not None:
            self.fields["case"].queryset = editable_cases(user)


class CaseSubjectGroupSerializer(CaseChildSerializer):
    class Meta:
        model = CaseSubjectGroup
        fields = BOOKKEEPING + ["case", "sex", "nationality", "ethnic_group", "count"]


class CaseSubjectIdentitySerializer(CaseChildSerializer):
    class Meta:
        model = CaseSubjectIdentity
        fields = BOOKKEEPING + [
            "case",
            "full_name",
            "birth_year",
            "sex",
            "nationality",
            "ethnic_group",
            "identity_number",
            "address",
            "note",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        user = request_user(self)
        if user is not None:
            self.fields["case"].queryset = editable_cases(user).filter(
                unit__in=personal_data_organisations(user).values("pk")
            )


class SeizedItemSerializer(CaseChildSerializer):
    class Meta:
        model = SeizedItem
        fields = BOOKKEEPING + ["case", "item_type", "description", "quantity", "unit", "estimated_value", "face_value"]


class CustodyStepSerializer(CaseChildSerializer):
    save_service = staticmethod(case_custody_record)

    class Meta:
        model = CustodyStep
        fields = BOOKKEEPING + ["case", "seized_item", "kind", "date", "place", "handed_to", "minutes_number", "note"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        user = request_user(self)
        if user is not None:
            self.fields["seized_item"].queryset = SeizedItem.objects.restrict(user, "change")


class SituationNoteSerializer(PlaceMixin, RecordSerializer):
    save_service = staticmethod(situation_note_record)
    post_display = BriefSerializer(source="post", read_only=True)
    follow_up_task = serializers.PrimaryKeyRelatedField(read_only=True)

    class Meta:
        model = SituationNote
        fields = BOOKKEEPING + [
            "post",
            "post_display",
            "noted_on",
            "category",
            "commune",
            "village",
            "marker",
            "assessment",
            "source_reliability",
            "follow_up_task",
            "acknowledged_at",
            *REGISTER,
        ]
        read_only_fields = ["acknowledged_at"]


class FollowUpInput(serializers.Serializer):
    deadline = serializers.DateField(
        required=False, help_text=gettext_lazy("The deadline of the handling task; empty: in 15 days.")
    )
