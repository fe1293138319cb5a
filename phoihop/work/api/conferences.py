"""API of review conferences: /api/work/conferences/, /api/work/conclusions/ (+ …/<id>/make-task/)."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers, status
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.response import Response

from phoihop.core.access import can
from phoihop.core.api.serializers import BriefSerializer, RecordSerializer
from phoihop.core.api.views import RecordViewSet
from phoihop.core.choices import Action
from phoihop.orgs.models import Agreement, Organisation
from phoihop.work.filtersets.conferences import ConclusionFilterSet, ReviewConferenceFilterSet
from phoihop.work.models import Conclusion, ReviewConference
from phoihop.work.services import task_from_conclusion

BOOKKEEPING = ["id", "url", "version", "created_at", "updated_at"]


class ReviewConferenceSerializer(RecordSerializer):
    agreement_display = BriefSerializer(source="agreement", read_only=True)

    class Meta:
        model = ReviewConference
        fields = BOOKKEEPING + [
            "agreement",
            "agreement_display",
            "kind",
            "held_on",
            "level",
            "period_from",
            "period_to",
            "participants_count",
            "participants",
            "summary",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        if request is not None and request.user.is_authenticated:
            self.fields["agreement"].queryset = Agreement.objects.restrict(request.user, "change")


class ConclusionSerializer(RecordSerializer):
    class Meta:
        model = Conclusion
        fields = BOOKKEEPING + ["conference", "number", "text"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        if request is not None and request.user.is_authenticated:
            self.fields["conference"].queryset = ReviewConference.objects.restrict(request.user, "change")


class MakeTaskSerializer(serializers.Serializer):
    lead = serializers.PrimaryKeyRelatedField(
        queryset=Organisation.objects.none(),
        error_messages={"does_not_exist": _("Only a party of the agreement can lead the task.")},
    )
    coordinating = serializers.PrimaryKeyRelatedField(
        queryset=Organisation.objects.none(),
        many=True,
        required=False,
        error_messages={"does_not_exist": _("Only parties of the agreement can coordinate the task.")},
    )
    deadline = serializers.DateField()

    def __init__(self, *args, conclusion=None, **kwargs):
        super().__init__(*args, **kwargs)
        if conclusion is not None:
            parties = conclusion.conference.agreement.parties.all()
            self.fields["lead"].queryset = parties
            self.fields["coordinating"].child_relation.queryset = parties


class ReviewConferenceViewSet(RecordViewSet):
    queryset = ReviewConference.objects.select_related("agreement")
    serializer_class = ReviewConferenceSerializer
    filterset_class = ReviewConferenceFilterSet
    ordering_fields = ["held_on", "kind"]


class ConclusionViewSet(RecordViewSet):
    queryset = Conclusion.objects.select_related("conference")
    serializer_class = ConclusionSerializer
    filterset_class = ConclusionFilterSet
    ordering_fields = ["conference", "number"]

    @extend_schema(
        request=MakeTaskSerializer,
        responses={
            201: inline_serializer("MadeTask", {"id": serializers.IntegerField(), "url": serializers.CharField()})
        },
    )
    @action(detail=True, methods=["post"], url_path="make-task")
    def make_task(self, request, pk=None):
        """Turn the conclusion into a task (lead unit and coordinating units: parties of the agreement)."""
        conclusion = self.get_object()
        if not can(request.user, conclusion, Action.CHANGE):
            raise PermissionDenied()
        data = MakeTaskSerializer(data=request.data, conclusion=conclusion)
        data.is_valid(raise_exception=True)
        lead = data.validated_data["lead"]
        coordinating = [org for org in data.validated_data.get("coordinating", []) if org != lead]
        task = task_from_conclusion(
            acting_user=request.user,
            conclusion=conclusion,
            lead=lead,
            deadline=data.validated_data["deadline"],
            coordinating=[(org, "") for org in coordinating],
        )
        return Response({"id": task.pk, "url": task.get_absolute_url()}, status=status.HTTP_201_CREATED)


def register(router):
    router.register("conferences", ReviewConferenceViewSet)
    router.register("conclusions", ConclusionViewSet)
