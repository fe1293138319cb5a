"""API of dissemination duties (/api/work/dissemination/, with ``assign/``) and their sessions
(/api/work/dissemination-sessions/)."""

from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.response import Response

from phoihop.core.access import allowed_organisations
from phoihop.core.api.serializers import BriefSerializer, RecordSerializer
from phoihop.core.api.views import RecordViewSet
from phoihop.core.choices import Role
from phoihop.core.views.generic import may_add
from phoihop.orgs.models import Organisation, OrganisationKind
from phoihop.work import selectors
from phoihop.work.filtersets import dissemination as filtersets
from phoihop.work.filtersets.dissemination import DisseminationStatus
from phoihop.work.models import Dissemination, DisseminationSession, Document
from phoihop.work.services_dissemination import dissemination_assign, dissemination_delete, dissemination_save

BOOKKEEPING = ["id", "url", "version", "created_at", "updated_at"]


class DisseminationSerializer(RecordSerializer):
    scope_fields = ("assigned_by",)
    save_service = staticmethod(dissemination_save)
    document_display = BriefSerializer(source="document", read_only=True)
    organisation_display = BriefSerializer(source="organisation", read_only=True)
    session_count = serializers.SerializerMethodField()
    last_held_on = serializers.SerializerMethodField()
    status = serializers.SerializerMethodField()

    class Meta:
        model = Dissemination
        fields = BOOKKEEPING + [
            "document",
            "document_display",
            "organisation",
            "organisation_display",
            "assigned_by",
            "deadline",
            "clause",
            "note",
            "session_count",
            "last_held_on",
            "status",
        ]

    def get_session_count(self, obj) -> int:
        return getattr(obj, "session_count", 0)

    def get_last_held_on(self, obj) -> str | None:
        value = getattr(obj, "last_held_on", None)
        return value.isoformat() if value else None

    def get_status(self, obj) -> str:
        """done, overdue (deadline passed, no session) or not_done."""
        if getattr(obj, "done", False):
            return DisseminationStatus.DONE
        if obj.deadline and obj.deadline < timezone.localdate():
            return DisseminationStatus.OVERDUE
        return DisseminationStatus.NOT_DONE


class DisseminationAssignSerializer(serializers.Serializer):
    """Organisations one by one (``organisations``) and/or by rule (``kind`` under ``under``)."""

    document = serializers.PrimaryKeyRelatedField(queryset=Document.objects.none())
    organisations = serializers.PrimaryKeyRelatedField(queryset=Organisation.objects.none(), many=True, required=False)
    kind = serializers.PrimaryKeyRelatedField(queryset=OrganisationKind.objects.all(), required=False)
    under = serializers.PrimaryKeyRelatedField(queryset=Organisation.objects.none(), required=False)
    assigned_by = serializers.PrimaryKeyRelatedField(queryset=Organisation.objects.none())
    deadline = serializers.DateField(required=False, allow_null=True)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        if request is None or not request.user.is_authenticated:
            return  # the schema generator builds it without a request: nothing to offer
        user = request.user
        visible = Organisation.objects.restrict(user)
        self.fields["document"].queryset = Document.objects.restrict(user)
        self.fields["organisations"].child_relation.queryset = visible
        self.fields["under"].queryset = visible
        self.fields["assigned_by"].queryset = allowed_organisations(user, Role.REPORTER)

    def validate(self, attrs):
        kind, under = attrs.get("kind"), attrs.get("under")
        if bool(kind) != bool(under):
            raise serializers.ValidationError(
                {"kind" if not kind else "under": [_("A rule needs both a kind and an organisation.")]}
            )
        targets = {org.pk: org for org in attrs.get("organisations") or []}
        if kind and under:
            user = self.context["request"].user
            for org in selectors.dissemination_rule_targets(user, kind=kind, under=under):
                targets.setdefault(org.pk, org)
        if not targets:
            raise serializers.ValidationError(
                {"organisations": [_("Choose the organisations, or a rule that selects them.")]}
            )
        attrs["targets"] = list(targets.values())
        return attrs


class DisseminationSessionSerializer(RecordSerializer):
    dissemination_display = BriefSerializer(source="dissemination", read_only=True)

    class Meta:
        model = DisseminationSession
        fields = BOOKKEEPING + [
            "dissemination",
            "dissemination_display",
            "held_on",
            "form",
            "participants",
            "expected",
            "presided_by",
            "plan_document",
            "note",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        if request is not None and request.user.is_authenticated:
            # Sessions are recorded by the disseminating organisation: only its duties are accepted.
            self.fields["dissemination"].queryset = Dissemination.objects.restrict(request.user, "change")

    def validate_held_on(self, value):
        if value and value > timezone.localdate():
            raise serializers.ValidationError(
                _("A session cannot be recorded before it is held: the date is in the future.")
            )
        return value


class DisseminationViewSet(RecordViewSet):
    queryset = selectors.with_dissemination_status(
        Dissemination.objects.select_related("document", "organisation", "assigned_by")
    )
    serializer_class = DisseminationSerializer
    filterset_class = filtersets.DisseminationFilterSet
    ordering_fields = ["deadline", "session_count", "last_held_on"]

    def perform_destroy(self, instance):
        dissemination_delete(acting_user=self.request.user, instance=instance)

    @extend_schema(request=DisseminationAssignSerializer, responses={201: DisseminationSerializer(many=True)})
    @action(detail=False, methods=["post"])
    def assign(self, request):
        """Assign the dissemination of a document; organisations that already have the duty are skipped."""
        if not may_add(request.user, Dissemination):
            raise PermissionDenied()
        serializer = DisseminationAssignSerializer(data=request.data, context=self.get_serializer_context())
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        created = dissemination_assign(
            acting_user=request.user,
            document=data["document"],
            organisations=data["targets"],
            assigned_by=data["assigned_by"],
            deadline=data.get("deadline"),
        )
        rows = self.get_queryset().filter(pk__in=[duty.pk for duty in created])
        return Response(
            DisseminationSerializer(rows, many=True, context=self.get_serializer_context()).data,
            status=status.HTTP_201_CREATED,
        )


class DisseminationSessionViewSet(RecordViewSet):
    queryset = DisseminationSession.objects.select_related("dissemination__document", "dissemination__organisation")
    serializer_class = DisseminationSessionSerializer
    filterset_class = filtersets.DisseminationSessionFilterSet
    ordering_fields = ["held_on", "participants"]


def register(router):
    router.register("dissemination", DisseminationViewSet)
    router.register("dissemination-sessions", DisseminationSessionViewSet)
