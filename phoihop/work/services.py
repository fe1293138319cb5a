"""Write services of the coordination work: tasks and their workflow, dissemination, conferences.

Every function takes the acting user, checks what that user may do through the access gate, runs in a
transaction and writes history (through ``record_save``). Views, API and jobs only call these.
"""

import calendar
import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from phoihop.core import state_secrets
from phoihop.core.access import allowed_organisations, member_paths
from phoihop.core.choices import Role
from phoihop.core.services import record_save
from phoihop.work import notify
from phoihop.work.choices import ExtensionStatus, Recurrence, SourceKind, TaskStatus, UnitRole, UnitStatus
from phoihop.work.models import Conclusion, ExtensionRequest, ProgressReport, ReminderLog, Task, TaskUnit


def holds_role(user, organisation, role) -> bool:
    """Whether ``user`` holds ``role`` in ``organisation`` (directly or above it in the tree)."""
    if user.is_superuser:
        return True
    return any(organisation.path.startswith(path) for path in member_paths(user, role))


def _require(user, organisation, role, message):
    if not holds_role(user, organisation, role):
        raise PermissionDenied(message)


# --- tasks -------------------------------------------------------------------------------------------------


def _reason(task, reason, message, field="reason"):
    """The reason given for a workflow step: required — except on a task that is a register entry, where it is
    content of a classified task and refused (``core.state_secrets``)."""
    reason = (reason or "").strip()
    if task.is_register_entry:
        if reason:
            raise ValidationError({field: state_secrets.refusal(task.classification)})
        return ""
    if not reason and message:
        raise ValidationError({field: message})
    return reason


def task_create(*, acting_user, task, lead, lead_part="", coordinating=(), save_related=None):
    """Create ``task`` with its lead unit and coordinating units [(organisation, part), …]."""
    _require(acting_user, task.assigned_by_org, Role.REPORTER, _("You may not assign tasks for this organisation."))
    coordinating = [(org, part) for org, part in coordinating if org != lead]
    if len({org.pk for org, _ in coordinating}) != len(coordinating):
        raise ValidationError({"coordinating": _("A unit is listed twice.")})
    with transaction.atomic():
        task.assigned_by_user = task.assigned_by_user or acting_user
        task.status = TaskStatus.NEW
        record_save(acting_user=acting_user, instance=task, save_related=save_related)
        record_save(
            acting_user=acting_user,
            instance=TaskUnit(task=task, organisation=lead, role=UnitRole.LEAD, part=lead_part),
            check_scope=False,
        )
        for organisation, part in coordinating:
            record_save(
                acting_user=acting_user,
                instance=TaskUnit(task=task, organisation=organisation, role=UnitRole.COORDINATING, part=part),
                check_scope=False,
            )
        notify.notify(notify.ASSIGNED, task, acting_user=acting_user)
    return task


def task_from_conclusion(*, acting_user, conclusion: Conclusion, lead, deadline, coordinating=()):
    """Turn a conference conclusion into a task in one step, linked back to it."""
    agreement = conclusion.conference.agreement
    task = Task(
        title=conclusion.text[:500],
        source_kind=SourceKind.CONCLUSION,
        conclusion=conclusion,
        assigned_by_org=agreement.owner,
        deadline=deadline,
    )
    return task_create(acting_user=acting_user, task=task, lead=lead, coordinating=coordinating)


def _roll_up(task):
    """The task's progress is the average of its units' parts; any activity moves it to "in progress"."""
    units = list(TaskUnit.objects.filter(task=task))  # fresh rows, not a prefetched (stale) cache
    task.progress = round(sum(u.progress for u in units) / len(units)) if units else 0
    if task.status in (TaskStatus.NEW, TaskStatus.RETURNED) and any(
        u.progress or u.status != UnitStatus.NOT_STARTED for u in units
    ):
        task.status = TaskStatus.IN_PROGRESS


def progress_report(*, acting_user, unit: TaskUnit, text, progress, reported_on=None):
    """A unit reports progress on its part; the task's status and % roll up."""
    _require(acting_user, unit.organisation, Role.REPORTER, _("Only the unit itself reports on its part."))
    task = unit.task
    if not task.is_open:
        raise ValidationError(_("The task is closed; no more reports can be added."))
    if not 0 <= int(progress) <= 100:
        raise ValidationError({"progress": _("Progress is a percentage from 0 to 100.")})
    with transaction.atomic():
        report = ProgressReport(
            unit=unit, text=text, progress=progress, reported_on=reported_on or timezone.localdate()
        )
        record_save(acting_user=acting_user, instance=report)
        unit.progress = int(progress)
        unit.status = UnitStatus.DONE if unit.progress == 100 else UnitStatus.IN_PROGRESS
        record_save(acting_user=acting_user, instance=unit)
        _roll_up(task)
        record_save(acting_user=acting_user, instance=task, check_scope=False)
    return report


def task_submit(*, acting_user, task: Task):
    """The lead unit submits the task for acceptance."""
    lead = task.lead_unit()
    _require(acting_user, lead.organisation, Role.REPORTER, _("Only the lead unit submits the task."))
    if task.status not in (TaskStatus.NEW, TaskStatus.IN_PROGRESS, TaskStatus.RETURNED):
        raise ValidationError(_("The task cannot be submitted in its current state."))
    task.status = TaskStatus.SUBMITTED
    task.submitted_on = timezone.localdate()
    task.status_reason = ""
    with transaction.atomic():
        record_save(acting_user=acting_user, instance=task, check_scope=False)
        notify.notify(notify.SUBMITTED, task, acting_user=acting_user)
    return task


def task_accept(*, acting_user, task: Task):
    """The assigning organisation's approver accepts the result: done, on time or late."""
    _require(
        acting_user, task.assigned_by_org, Role.APPROVER, _("Only an approver of the assigning organisation accepts.")
    )
    if task.status != TaskStatus.SUBMITTED:
        raise ValidationError(_("Only a submitted task can be accepted."))
    with transaction.atomic():
        task.status = TaskStatus.DONE
        task.completed_on = timezone.localdate()
        finished = task.submitted_on or task.completed_on
        task.completed_on_time = finished <= task.deadline_in_force
        task.progress = 100
        record_save(acting_user=acting_user, instance=task)
        notify.notify(notify.ACCEPTED, task, acting_user=acting_user)
        if task.recurrence:
            _next_occurrence(acting_user, task)
    return task


def task_return(*, acting_user, task: Task, reason):
    _require(
        acting_user, task.assigned_by_org, Role.APPROVER, _("Only an approver of the assigning organisation returns.")
    )
    if task.status != TaskStatus.SUBMITTED:
        raise ValidationError(_("Only a submitted task can be returned."))
    reason = _reason(task, reason, _("Give the reason for returning the task."))
    task.status, task.status_reason = TaskStatus.RETURNED, reason
    with transaction.atomic():
        record_save(acting_user=acting_user, instance=task)
        notify.notify(notify.RETURNED, task, acting_user=acting_user)
    return task


def task_cancel(*, acting_user, task: Task, reason):
    _require(
        acting_user, task.assigned_by_org, Role.APPROVER, _("Only an approver of the assigning organisation cancels.")
    )
    if not task.is_open:
        raise ValidationError(_("The task is already closed."))
    reason = _reason(task, reason, _("Give the reason for cancelling the task."))
    task.status, task.status_reason = TaskStatus.CANCELLED, reason
    with transaction.atomic():
        record_save(acting_user=acting_user, instance=task)
        notify.notify(notify.CANCELLED, task, acting_user=acting_user)
    return task


def _add_months(day: datetime.date, months: int) -> datetime.date:
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    return datetime.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


RECURRENCE_MONTHS = {Recurrence.MONTHLY: 1, Recurrence.QUARTERLY: 3, Recurrence.YEARLY: 12}


def _next_occurrence(acting_user, task):
    """A recurring reporting duty creates its next occurrence, with the same units, when it is done."""
    if Task.objects.filter(previous_occurrence=task).exists():
        return None
    units = list(task.units.all())
    following = Task(
        title=task.title,
        description=task.description,
        source_kind=task.source_kind,
        document=task.document,
        clause=task.clause,
        conclusion=task.conclusion,
        assigned_by_org=task.assigned_by_org,
        assigned_by_user=task.assigned_by_user,
        deadline=_add_months(task.deadline, RECURRENCE_MONTHS[task.recurrence]),
        priority=task.priority,
        recurrence=task.recurrence,
        previous_occurrence=task,
        classification=task.classification,
        holding_unit=task.holding_unit,
        custodian=task.custodian,
        storage_place=task.storage_place,
    )
    lead = next(u for u in units if u.role == UnitRole.LEAD)
    return task_create(
        acting_user=acting_user,
        task=following,
        lead=lead.organisation,
        lead_part=lead.part,
        coordinating=[(u.organisation, u.part) for u in units if u.role == UnitRole.COORDINATING],
    )


# --- deadline extensions -----------------------------------------------------------------------------------


def extension_request(*, acting_user, task: Task, unit: TaskUnit, requested_deadline, reason):
    _require(acting_user, unit.organisation, Role.REPORTER, _("Only a unit of the task asks for an extension."))
    if not task.is_open:
        raise ValidationError(_("The task is closed."))
    if requested_deadline <= task.deadline_in_force:
        raise ValidationError({"requested_deadline": _("The new deadline must be later than the one in force.")})
    reason = _reason(task, reason, _("Give the reason for the extension."))
    if task.extensions.filter(status=ExtensionStatus.PENDING).exists():
        raise ValidationError(_("An extension request is already waiting for a decision."))
    request = ExtensionRequest(task=task, requested_by=unit, requested_deadline=requested_deadline, reason=reason)
    with transaction.atomic():
        record_save(acting_user=acting_user, instance=request)
        notify.notify(notify.EXTENSION_ASKED, task, acting_user=acting_user, extension=request)
    return request


def extension_decide(*, acting_user, request: ExtensionRequest, approve: bool, note=""):
    task = request.task
    _require(
        acting_user,
        task.assigned_by_org,
        Role.APPROVER,
        _("Only an approver of the assigning organisation decides on extensions."),
    )
    if request.status != ExtensionStatus.PENDING:
        raise ValidationError(_("This request has already been decided."))
    note = _reason(task, note, None, field="note")
    with transaction.atomic():
        request.status = ExtensionStatus.APPROVED if approve else ExtensionStatus.REFUSED
        request.decided_by, request.decided_at, request.decision_note = acting_user, timezone.now(), note
        record_save(acting_user=acting_user, instance=request, check_scope=False)
        if approve:
            record_save(acting_user=acting_user, instance=task)  # Task.clean: the deadline in force follows it
        notify.notify(notify.EXTENSION_DECIDED, task, acting_user=acting_user, extension=request)
    return request


def task_urge(*, acting_user, task: Task) -> ReminderLog:
    """The assigning organisation urges the units that have not finished (đôn đốc): they are notified, and the
    urging is recorded (``ReminderLog`` of kind "urged", with who sent it). Once a day per task."""
    from phoihop.work.choices import ReminderKind

    _require(acting_user, task.assigned_by_org, Role.REPORTER, _("Only the assigning organisation urges its units."))
    if not task.is_open:
        raise ValidationError(_("The task is closed."))
    if not any(unit.progress < 100 for unit in task.units.all()):
        raise ValidationError(_("Every unit has reported the task finished: there is no one to urge."))
    today = timezone.localdate()
    try:
        with transaction.atomic():
            log = ReminderLog.objects.create(
                task=task,
                kind=ReminderKind.URGED,
                deadline=today,
                sent_by=acting_user,
                recipients=sum(1 for unit in task.units.all() if unit.progress < 100),
            )
            notify.notify(notify.URGED, task, acting_user=acting_user)
    except IntegrityError:
        raise ValidationError(_("The units of this task have already been urged today.")) from None
    return log


def organisations_for_assigning(user):
    """Organisations in whose name ``user`` may assign tasks."""
    return allowed_organisations(user, Role.REPORTER)


# --- notifications -----------------------------------------------------------------------------------------


def notifications_mark_read(*, acting_user, pk=None) -> int:
    """Mark ``acting_user``'s own notification ``pk`` (or all of them) as read; returns how many changed.

    Another user's notifications are never touched: the query starts from ``user=acting_user``."""
    from phoihop.work.models import Notification

    with transaction.atomic():
        queryset = Notification.objects.filter(user=acting_user, read_at__isnull=True)
        if pk is not None:
            queryset = queryset.filter(pk=pk)
        return queryset.update(read_at=timezone.now())
