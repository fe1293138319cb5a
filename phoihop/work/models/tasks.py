from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from phoihop.core.models import LIVE, BaseModel, ClassifiedMixin
from phoihop.core.validators import HAPPENED, PERCENT
from phoihop.work.choices import (
    OPEN_STATUSES,
    ExtensionStatus,
    Priority,
    Recurrence,
    SourceKind,
    TaskStatus,
    UnitRole,
    UnitStatus,
)


class Task(ClassifiedMixin, BaseModel):
    """A task (nhiệm vụ) assigned by an organisation to one lead unit and any number of coordinating units.

    The assigning organisation owns and edits it; every unit reads it. Status and progress change only through
    the workflow services in ``phoihop.work.services``.
    """

    # required unless the task is a register entry (``content_required_fields``)
    title = models.CharField(_("title"), max_length=500, blank=True)
    description = models.TextField(_("description"), blank=True)
    source_kind = models.CharField(
        _("source of the task"), max_length=12, choices=SourceKind.choices, default=SourceKind.DIRECT
    )
    document = models.ForeignKey(
        "work.Document",
        verbose_name=_("document"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="tasks",
    )
    clause = models.ForeignKey(
        "orgs.Clause",
        verbose_name=_("agreement clause"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="tasks",
    )
    conclusion = models.ForeignKey(
        "work.Conclusion",
        verbose_name=_("conference conclusion"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="tasks",
    )
    assigned_by_org = models.ForeignKey(
        "orgs.Organisation", verbose_name=_("assigned by"), on_delete=models.PROTECT, related_name="tasks_assigned"
    )
    assigned_by_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("assigned by (person)"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    deadline = models.DateField(_("deadline"))
    deadline_in_force = models.DateField(_("deadline in force"), editable=False, null=True)
    priority = models.PositiveSmallIntegerField(_("priority"), choices=Priority.choices, default=Priority.NORMAL)
    recurrence = models.CharField(_("recurrence"), max_length=10, choices=Recurrence.choices, default="", blank=True)
    previous_occurrence = models.OneToOneField(
        "self", on_delete=models.SET_NULL, null=True, blank=True, editable=False, related_name="next_occurrence"
    )
    status = models.CharField(
        _("status"), max_length=12, choices=TaskStatus.choices, default=TaskStatus.NEW, editable=False
    )
    status_reason = models.TextField(_("reason"), blank=True, editable=False)
    progress = models.PositiveSmallIntegerField(_("progress (%)"), default=0, editable=False, validators=PERCENT)
    submitted_on = models.DateField(_("submitted on"), null=True, blank=True, editable=False)
    completed_on = models.DateField(_("completed on"), null=True, blank=True, editable=False)
    completed_on_time = models.BooleanField(_("on time"), null=True, editable=False)

    access_org_field = "assigned_by_org"
    access_participant_fields = ("units__organisation",)
    # what the task carries out: its label is named to the task's readers (core.naming, rule 4)
    access_implements_fields = ("clause", "conclusion")
    search_fields = ("title", "description")
    attachments_enabled = True
    # A task classified Mật or above is a register entry (units, deadline, status, progress, who holds the paper and
    # where): its title, description, reasons, its units' parts, reports and requests hold no text (core.state_secrets).
    secret_content_fields = ("title", "description", "status_reason")
    content_required_fields = ("title",)

    class Meta:
        verbose_name = _("task")
        verbose_name_plural = _("tasks")
        ordering = ["deadline_in_force", "-priority", "pk"]
        indexes = [
            models.Index(fields=["status", "deadline_in_force"]),
            models.Index(fields=["deadline_in_force", "-priority", "id"], condition=LIVE, name="work_task_order"),
            models.Index(
                fields=["assigned_by_org", "deadline_in_force", "-priority", "id"],
                condition=LIVE,
                name="work_task_org_order",
            ),
        ]

    def __str__(self):
        return self.name_or_register_label(self.title)

    def clean(self):
        sources = {
            SourceKind.DOCUMENT: ("document", self.document_id),
            SourceKind.CLAUSE: ("clause", self.clause_id),
            SourceKind.CONCLUSION: ("conclusion", self.conclusion_id),
        }
        if self.source_kind in sources:
            field, value = sources[self.source_kind]
            if not value:
                raise ValidationError({field: _("Choose the source of the task.")})
        # The deadline in force is the latest approved extension's, or the deadline itself — the one place it is
        # computed (every save runs full_clean: a new task, an edited deadline, an approved extension).
        extended = None
        if self.pk:
            extended = (
                self.extensions.filter(status=ExtensionStatus.APPROVED)
                .order_by("-decided_at")
                .values_list("requested_deadline", flat=True)
                .first()
            )
        self.deadline_in_force = extended or self.deadline

    @property
    def is_open(self):
        return self.status in OPEN_STATUSES

    @property
    def is_overdue(self):
        return self.is_open and self.deadline_in_force is not None and self.deadline_in_force < timezone.localdate()

    def lead_unit(self):
        return next((u for u in self.units.all() if u.role == UnitRole.LEAD), None)

    def lead_name(self) -> str:
        lead = self.lead_unit()
        return str(lead.organisation) if lead else ""

    def coordinating_names(self) -> str:
        return "; ".join(str(u.organisation) for u in self.units.all() if u.role == UnitRole.COORDINATING)

    #: the list's export adds the units (``core.importexport.export_resource_for``; the list prefetches them)
    export_columns = (
        ("lead_unit", _("Lead unit"), lambda task: task.lead_name()),
        ("coordinating_units", _("Coordinating units"), lambda task: task.coordinating_names()),
    )
    export_prefetch = ("units__organisation",)


class TaskUnit(BaseModel):
    """A unit's part in a task: the lead unit (chủ trì) or a coordinating unit (phối hợp)."""

    task = models.ForeignKey(Task, verbose_name=_("task"), on_delete=models.CASCADE, related_name="units")
    organisation = models.ForeignKey(
        "orgs.Organisation", verbose_name=_("unit"), on_delete=models.PROTECT, related_name="task_units"
    )
    role = models.CharField(_("role"), max_length=12, choices=UnitRole.choices)
    part = models.TextField(_("its part"), blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=UnitStatus.choices, default=UnitStatus.NOT_STARTED, editable=False
    )
    progress = models.PositiveSmallIntegerField(_("progress (%)"), default=0, editable=False, validators=PERCENT)

    # a part of its task, read on the task's page: not counted on the home page (core.views.home)
    home_count = False
    access_org_field = "organisation"
    access_participant_fields = ("task__assigned_by_org", "task__units__organisation")
    access_classification_field = "task__classification"
    search_fields = ("task__title", "organisation__name", "part")
    secret_content_fields = ("part",)
    # a unit's part blocks deleting the unit as its task ("3 nhiệm vụ")
    delete_blocker_counts_as = "task"

    class Meta:
        verbose_name = _("task unit")
        verbose_name_plural = _("task units")
        ordering = ["task", "role", "organisation__name"]
        # The gate reads a task's units through the base manager (every row, deleted or not), so the index it
        # needs is whole, not partial: the tasks in which the user's organisations take part, index only.
        indexes = [models.Index(fields=["organisation", "task"], name="work_taskunit_org_task")]
        constraints = [
            models.UniqueConstraint(
                fields=["task", "organisation"],
                condition=Q(deleted_at__isnull=True),
                name="taskunit_unique",
                violation_error_message=_("This unit already takes part in the task."),
            ),
            models.UniqueConstraint(
                fields=["task"],
                condition=Q(deleted_at__isnull=True, role="lead"),
                name="taskunit_one_lead",
                violation_error_message=_("A task has exactly one lead unit."),
            ),
        ]

    def __str__(self):
        return f"{self.organisation} ({self.get_role_display()})"


class ProgressReport(BaseModel):
    """A unit's progress report on its part of a task."""

    unit = models.ForeignKey(TaskUnit, verbose_name=_("unit"), on_delete=models.CASCADE, related_name="reports")
    reported_on = models.DateField(_("date"), default=timezone.localdate, validators=HAPPENED)
    text = models.TextField(_("report"), blank=True)  # required unless the task is a register entry
    progress = models.PositiveSmallIntegerField(_("progress (%)"), validators=PERCENT)

    # a part of its task, read on the task's page: not counted on the home page (core.views.home)
    home_count = False
    access_org_field = "unit__organisation"
    access_participant_fields = ("unit__task__assigned_by_org", "unit__task__units__organisation")
    access_classification_field = "unit__task__classification"
    search_fields = ("text",)
    attachments_enabled = True
    secret_content_fields = ("text",)
    content_required_fields = ("text",)

    class Meta:
        verbose_name = _("progress report")
        verbose_name_plural = _("progress reports")
        ordering = ["-reported_on", "-pk"]
        indexes = [
            models.Index(fields=["-reported_on", "-id"], condition=LIVE, name="work_progress_order"),
            models.Index(fields=["unit", "-reported_on", "-id"], condition=LIVE, name="work_progress_unit_order"),
        ]

    def __str__(self):
        return f"{self.unit.organisation} — {self.progress}% ({self.reported_on:%d/%m/%Y})"


class ExtensionRequest(BaseModel):
    """A request to extend a task's deadline (gia hạn), decided by the assigning organisation."""

    task = models.ForeignKey(Task, verbose_name=_("task"), on_delete=models.CASCADE, related_name="extensions")
    requested_by = models.ForeignKey(
        TaskUnit, verbose_name=_("requested by"), on_delete=models.CASCADE, related_name="extension_requests"
    )
    requested_deadline = models.DateField(_("requested deadline"))
    reason = models.TextField(_("reason"), blank=True)  # required unless the task is a register entry
    status = models.CharField(
        _("status"), max_length=10, choices=ExtensionStatus.choices, default=ExtensionStatus.PENDING, editable=False
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True, editable=False)
    decision_note = models.TextField(_("decision note"), blank=True, editable=False)

    access_org_field = "requested_by__organisation"
    access_participant_fields = ("task__assigned_by_org", "task__units__organisation")
    access_classification_field = "task__classification"
    search_fields = ("reason",)
    secret_content_fields = ("reason", "decision_note")
    content_required_fields = ("reason",)

    class Meta:
        verbose_name = _("deadline extension request")
        verbose_name_plural = _("deadline extension requests")
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["-created_at", "-id"], condition=LIVE, name="work_extension_order"),
        ]

    def __str__(self):
        return _("Extension to %(date)s") % {"date": self.requested_deadline.strftime("%d/%m/%Y")}
