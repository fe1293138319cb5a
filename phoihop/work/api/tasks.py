from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.decorators import action
from rest_framework.response import Response

from phoihop.core.api.serializers import BriefSerializer, IdField, RecordSerializer
from phoihop.core.api.views import ReadOnlyRecordViewSet, RecordViewSet
from phoihop.core.choices import Role
from phoihop.core.pagination import RecordCursorPagination
from phoihop.orgs.models import Organisation
from phoihop.work import services
from phoihop.work.choices import ExtensionStatus
from phoihop.work.filtersets.tasks import ExtensionRequestFilterSet, ProgressReportFilterSet, TaskFilterSet
from phoihop.work.models import ExtensionRequest, ProgressReport, Task, TaskUnit


class TaskUnitSerializer(serializers.ModelSerializer):
    organisation = BriefSerializer(read_only=True)

    class Meta:
        model = TaskUnit
        fields = ["id", "organisation", "role", "part", "status", "progress"]


class ExtensionSerializer(serializers.ModelSerializer):
    class Meta:
        model = ExtensionRequest
        fields = ["id", "requested_by", "requested_deadline", "reason", "status", "decided_at", "decision_note"]


class TaskSerializer(RecordSerializer):
    scope_fields = ("assigned_by_org",)
    # the units read the task: the organisations the user coordinates with, as the form (TaskForm)
    participant_choice_fields = ("lead", "coordinating")
    units = TaskUnitSerializer(many=True, read_only=True)
    lead = serializers.PrimaryKeyRelatedField(queryset=Organisation.objects.all(), write_only=True, required=False)
    coordinating = serializers.PrimaryKeyRelatedField(
        queryset=Organisation.objects.all(), many=True, write_only=True, required=False
    )

    class Meta:
        model = Task
        fields = [
            "id",
            "url",
            "version",
            "created_at",
            "updated_at",
            "title",
            "description",
            "source_kind",
            "document",
            "clause",
            "conclusion",
            "assigned_by_org",
            "deadline",
            "deadline_in_force",
            "priority",
            "recurrence",
            "classification",
            "holding_unit",
            "custodian",
            "storage_place",
            "status",
            "status_reason",
            "progress",
            "completed_on",
            "completed_on_time",
            "units",
            "lead",
            "coordinating",
        ]
        read_only_fields = [
            "deadline_in_force",
            "status",
            "status_reason",
            "progress",
            "completed_on",
            "completed_on_time",
        ]

    def validate(self, attrs):
        attrs = super().validate(attrs)
        if self.instance is None and not attrs.get("lead"):
            raise serializers.ValidationError({"lead": [_("Choose the lead unit.")]})
        return attrs

    def create(self, validated_data):
        validated_data.pop("version", None)
        lead = validated_data.pop("lead")
        coordinating = validated_data.pop("coordinating", [])
        task = Task(**validated_data)
        return services.task_create(
            acting_user=self.context["request"].user,
            task=task,
            lead=lead,
            coordinating=[(org, "") for org in coordinating],
        )

    def update(self, instance, validated_data):
        validated_data.pop("lead", None)
        validated_data.pop("coordinating", None)
        return super().update(instance, validated_data)


# The texts of the workflow steps are required by the services, except on a task that is a register entry
# (classified Mật or above while the deployment allows no state-secret content), where they are refused.
TEXT_HELP = gettext_lazy("Required, except on a classified task that is a register entry, where it must be empty.")


class ReportSerializer(serializers.Serializer):
    unit = IdField()
    progress = serializers.IntegerField(min_value=0, max_value=100)
    text = serializers.CharField(required=False, allow_blank=True, default="", help_text=TEXT_HELP)


class ReasonSerializer(serializers.Serializer):
    reason = serializers.CharField(required=False, allow_blank=True, default="", help_text=TEXT_HELP)


class ExtensionRequestInput(serializers.Serializer):
    unit = IdField()
    requested_deadline = serializers.DateField()
    reason = serializers.CharField(required=False, allow_blank=True, default="", help_text=TEXT_HELP)


class DecisionSerializer(serializers.Serializer):
    extension = IdField()
    approve = serializers.BooleanField()
    note = serializers.CharField(required=False, allow_blank=True)


class TaskViewSet(RecordViewSet):
    """Tasks; the workflow steps are POST actions that call the same services as the pages."""

    queryset = Task.objects.select_related("assigned_by_org").prefetch_related("units__organisation")
    serializer_class = TaskSerializer
    filterset_class = TaskFilterSet
    ordering_fields = ["deadline_in_force", "priority", "status", "progress"]

    def _task(self):
        return super(RecordViewSet, self).get_object()  # visible → else 404; the services check the roles

    def _reason(self, request, task):
        data = ReasonSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        return self._text(task, data.validated_data, "reason")

    @staticmethod
    def _text(task, validated, field):
        """The step's text: required as before on a task that may hold content; on a register entry the service
        refuses any."""
        value = validated.get(field) or ""
        if not value.strip() and not task.is_register_entry:
            raise serializers.ValidationError({field: [_("This field is required.")]})
        return value

    def _done(self, task):
        task.refresh_from_db()
        return Response(TaskSerializer(task, context=self.get_serializer_context()).data)

    def _unit(self, task, unit_id):
        unit = task.units.filter(pk=unit_id).select_related("organisation").first()
        if unit is None:
            raise serializers.ValidationError({"unit": [_("Not a unit of this task.")]})
        return unit

    @extend_schema(request=ReportSerializer, responses=TaskSerializer)
    @action(detail=True, methods=["post"])
    def report(self, request, pk=None):
        task = self._task()
        data = ReportSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        unit = self._unit(task, data.validated_data["unit"])
        services.progress_report(
            acting_user=request.user,
            unit=unit,
            text=self._text(task, data.validated_data, "text"),
            progress=data.validated_data["progress"],
        )
        return self._done(task)

    @extend_schema(request=None, responses=TaskSerializer)
    @action(detail=True, methods=["post"])
    def submit(self, request, pk=None):
        task = self._task()
        services.task_submit(acting_user=request.user, task=task)
        return self._done(task)

    @extend_schema(request=None, responses=TaskSerializer)
    @action(detail=True, methods=["post"])
    def accept(self, request, pk=None):
        task = self._task()
        services.task_accept(acting_user=request.user, task=task)
        return self._done(task)

    @extend_schema(request=ReasonSerializer, responses=TaskSerializer)
    @action(detail=True, methods=["post"], url_path="return")
    def return_task(self, request, pk=None):
        task = self._task()
        services.task_return(acting_user=request.user, task=task, reason=self._reason(request, task))
        return self._done(task)

    @extend_schema(request=ReasonSerializer, responses=TaskSerializer)
    @action(detail=True, methods=["post"])
    def cancel(self, request, pk=None):
        task = self._task()
        services.task_cancel(acting_user=request.user, task=task, reason=self._reason(request, task))
        return self._done(task)

    @extend_schema(request=None, responses=TaskSerializer)
    @action(detail=True, methods=["post"])
    def urge(self, request, pk=None):
        """Notify the units that have not finished (đôn đốc); once a day per task."""
        task = self._task()
        services.task_urge(acting_user=request.user, task=task)
        return self._done(task)

    @extend_schema(request=ExtensionRequestInput, responses=ExtensionSerializer)
    @action(detail=True, methods=["post"])
    def extend(self, request, pk=None):
        task = self._task()
        data = ExtensionRequestInput(data=request.data)
        data.is_valid(raise_exception=True)
        unit = self._unit(task, data.validated_data["unit"])
        extension = services.extension_request(
            acting_user=request.user,
            task=task,
            unit=unit,
            requested_deadline=data.validated_data["requested_deadline"],
            reason=self._text(task, data.validated_data, "reason"),
        )
        return Response(ExtensionSerializer(extension).data, status=201)

    @extend_schema(request=DecisionSerializer, responses=TaskSerializer)
    @action(detail=True, methods=["post"])
    def decide(self, request, pk=None):
        task = self._task()
        data = DecisionSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        extension = task.extensions.filter(pk=data.validated_data["extension"]).first()
        if extension is None:
            raise serializers.ValidationError({"extension": [_("Not an extension request of this task.")]})
        services.extension_decide(
            acting_user=request.user,
            request=extension,
            approve=data.validated_data["approve"],
            note=data.validated_data.get("note", ""),
        )
        return self._done(task)


class ProgressReportSerializer(RecordSerializer):
    task = serializers.IntegerField(source="unit.task_id", read_only=True)
    unit = TaskUnitSerializer(read_only=True)

    class Meta:
        model = ProgressReport
        fields = ["id", "url", "version", "created_at", "updated_at", "task", "unit", "reported_on", "progress", "text"]
        read_only_fields = fields


class ExtensionRequestSerializer(RecordSerializer):
    requested_by = TaskUnitSerializer(read_only=True)
    decided_by = BriefSerializer(read_only=True, allow_null=True)
    may_decide = serializers.SerializerMethodField(
        help_text=gettext_lazy(
            "Whether the caller may decide this request now (an approver of the assigning organisation)."
        )
    )

    class Meta:
        model = ExtensionRequest
        fields = [
            "id",
            "url",
            "version",
            "created_at",
            "updated_at",
            "task",
            "requested_by",
            "requested_deadline",
            "reason",
            "status",
            "decided_by",
            "decided_at",
            "decision_note",
            "may_decide",
        ]
        read_only_fields = fields

    def get_may_decide(self, obj) -> bool:
        user = self.context["request"].user
        return obj.status == ExtensionStatus.PENDING and services.holds_role(
            user, obj.task.assigned_by_org, Role.APPROVER
        )


class ProgressReportViewSet(ReadOnlyRecordViewSet):
    """Progress reports of the tasks the caller may see (read-only: a unit reports with POST
    /api/work/tasks/{id}/report/)."""

    queryset = ProgressReport.objects.select_related("unit__organisation")
    serializer_class = ProgressReportSerializer
    filterset_class = ProgressReportFilterSet
    pagination_class = RecordCursorPagination  # a million reports nationally: pages by cursor, not by number
    ordering_fields = ["reported_on", "progress", "created_at"]


class ExtensionRequestViewSet(ReadOnlyRecordViewSet):
    """Deadline extension requests of the tasks the caller may see; ``?awaiting_my_decision=true`` is the
    caller's queue: pending requests of tasks assigned by an organisation where the caller is an approver.
    Read-only: units ask with POST /api/work/tasks/{id}/extend/, approvers decide with .../decide/."""

    queryset = ExtensionRequest.objects.select_related(
        "requested_by__organisation", "task__assigned_by_org", "decided_by"
    )
    serializer_class = ExtensionRequestSerializer
    filterset_class = ExtensionRequestFilterSet
    ordering_fields = ["created_at", "requested_deadline", "status"]


def register(router):
    router.register("tasks", TaskViewSet)
    router.register("progress-reports", ProgressReportViewSet)
    router.register("extension-requests", ExtensionRequestViewSet)
