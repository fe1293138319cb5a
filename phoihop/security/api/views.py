"""API of the security records: /api/security/cases/, operations/, subject-groups/, seized-items/,
custody-steps/, situation-notes/ (with the actions read/ and follow-up/), the managed lists case-categories/ and
seized-item-types/, and subject-identities/ (personal data: only memberships holding the permission reach it)."""

from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers as drf_serializers
from rest_framework.decorators import action
from rest_framework.response import Response
from rest_framework.routers import DefaultRouter

from phoihop.core.api.views import RecordViewSet
from phoihop.programs.api.records import PersonalDataViewSet
from phoihop.security import services
from phoihop.security.api import serializers
from phoihop.security.filtersets import cases as case_filtersets
from phoihop.security.filtersets import lists as list_filtersets
from phoihop.security.filtersets.notes import SituationNoteFilterSet
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


class CaseCategoryViewSet(RecordViewSet):
    queryset = CaseCategory.objects.all()
    serializer_class = serializers.CaseCategorySerializer
    filterset_class = list_filtersets.CaseCategoryFilterSet
    ordering_fields = ["sort_order", "code", "name"]


class SeizedItemTypeViewSet(RecordViewSet):
    queryset = SeizedItemType.objects.all()
    serializer_class = serializers.SeizedItemTypeSerializer
    filterset_class = list_filtersets.SeizedItemTypeFilterSet
    ordering_fields = ["sort_order", "code", "name"]


class OperationViewSet(RecordViewSet):
    queryset = Operation.objects.select_related("lead_unit")
    serializer_class = serializers.OperationSerializer
    filterset_class = case_filtersets.OperationFilterSet
    ordering_fields = ["opened_on", "closed_on", "code"]


class CaseViewSet(RecordViewSet):
    queryset = Case.objects.select_related("unit", "category", "commune").prefetch_related("involved_units")
    serializer_class = serializers.CaseSerializer
    filterset_class = case_filtersets.CaseFilterSet
    ordering_fields = ["occurred_on", "code", "subject_count", "budget_receipts"]


class CaseSubjectGroupViewSet(RecordViewSet):
    queryset = CaseSubjectGroup.objects.all()
    serializer_class = serializers.CaseSubjectGroupSerializer
    filterset_class = case_filtersets.CaseSubjectGroupFilterSet
    ordering_fields = ["count"]


class CaseSubjectIdentityViewSet(PersonalDataViewSet):
    queryset = CaseSubjectIdentity.objects.all()
    serializer_class = serializers.CaseSubjectIdentitySerializer
    filterset_class = case_filtersets.CaseSubjectIdentityFilterSet
    ordering_fields = ["full_name", "birth_year"]


class SeizedItemViewSet(RecordViewSet):
    queryset = SeizedItem.objects.all()
    serializer_class = serializers.SeizedItemSerializer
    filterset_class = case_filtersets.SeizedItemFilterSet
    ordering_fields = ["quantity", "estimated_value"]


class CustodyStepViewSet(RecordViewSet):
    queryset = CustodyStep.objects.all()
    serializer_class = serializers.CustodyStepSerializer
    filterset_class = case_filtersets.CustodyStepFilterSet
    ordering_fields = ["date"]


class SituationNoteViewSet(RecordViewSet):
    """Situation notes; marking one read and opening its follow-up task are POST actions calling the services the
    pages call."""

    queryset = SituationNote.objects.select_related("post")
    serializer_class = serializers.SituationNoteSerializer
    filterset_class = SituationNoteFilterSet
    ordering_fields = ["noted_on"]

    def _note(self):
        return super(RecordViewSet, self).get_object()  # visible → else 404; the services check the roles

    def _done(self, note):
        note.refresh_from_db()
        return Response(self.get_serializer(note).data)

    @extend_schema(request=None, responses=serializers.SituationNoteSerializer)
    @action(detail=True, methods=["post"])
    def read(self, request, pk=None):
        """A superior of the post marks the note read."""
        note = self._note()
        services.situation_note_acknowledge(acting_user=request.user, note=note)
        return self._done(note)

    @extend_schema(request=serializers.FollowUpInput, responses=serializers.SituationNoteSerializer)
    @action(detail=True, methods=["post"], url_path="follow-up")
    def follow_up(self, request, pk=None):
        """Open the note's follow-up task (lead: the post), once."""
        note = self._note()
        data = serializers.FollowUpInput(data=request.data)
        data.is_valid(raise_exception=True)
        deadline = data.validated_data.get("deadline")
        if deadline is not None and deadline < timezone.localdate():
            raise drf_serializers.ValidationError({"deadline": [_("The deadline cannot be in the past.")]})
        note = services.situation_note_follow_up(acting_user=request.user, note=note, deadline=deadline)
        return self._done(note)


router = DefaultRouter()
router.register("case-categories", CaseCategoryViewSet)
router.register("seized-item-types", SeizedItemTypeViewSet)
router.register("operations", OperationViewSet)
router.register("cases", CaseViewSet)
router.register("subject-groups", CaseSubjectGroupViewSet)
router.register("subject-identities", CaseSubjectIdentityViewSet)
router.register("seized-items", SeizedItemViewSet)
router.register("custody-steps", CustodyStepViewSet)
router.register("situation-notes", SituationNoteViewSet)
