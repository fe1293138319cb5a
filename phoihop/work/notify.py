"""Workflow notifications: who is told of each step of a task's life.

Every step the work services take on a task tells the people who must act next, in the app (``Notification``) and
by e-mail for those who keep e-mail notifications on (``User.email_notifications``):

=====================  ==================================================================================
step                   who is told
=====================  ==================================================================================
``assigned``           the lead and coordinating units (reporters and above) — a follow-up task opened by a
                       marker inspection too
``extension_asked``    the assigning organisation's approvers
``extension_decided``  the unit that asked
``submitted``          the assigning organisation's approvers
``accepted``           the lead and coordinating units
``returned``           the lead unit
``cancelled``          the lead and coordinating units
``urged``              the units that have not reported 100 % yet ("đôn đốc", at most once a day per task)
=====================  ==================================================================================

Only members cleared for the task's classification are told, and never the user who took the step. Notifications
are written after the transaction commits (a step that fails tells nobody), each in the recipient's language; the
e-mail of a classified task says only that something waits in phoihop (``reminders._email``).
"""

from __future__ import annotations

import logging
from functools import partial

from django.conf import settings
from django.db import transaction
from django.utils import translation
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from phoihop.core.choices import Role
from phoihop.work.choices import UnitRole
from phoihop.work.models import ExtensionRequest, Notification, Task
from phoihop.work.reminders import TITLE_MAX, _email, _members_by_organisation, _recipients, deliver_emails

ASSIGNED = "assigned"
EXTENSION_ASKED = "extension_asked"
EXTENSION_DECIDED = "extension_decided"
SUBMITTED = "submitted"
ACCEPTED = "accepted"
RETURNED = "returned"
CANCELLED = "cancelled"
URGED = "urged"
logger = logging.getLogger(__name__)

STEPS = (ASSIGNED, EXTENSION_ASKED, EXTENSION_DECIDED, SUBMITTED, ACCEPTED, RETURNED, CANCELLED, URGED)


def notify(step: str, task: Task, *, acting_user=None, extension: ExtensionRequest | None = None) -> None:
    """Tell the people concerned by ``step`` of ``task``, once the current transaction commits."""
    if step not in STEPS:
        raise ValueError(step)
    transaction.on_commit(
        partial(
            deliver,
            step,
            task.pk,
            acting_user.pk if acting_user is not None else None,
            extension.pk if extension is not None else None,
        ),
        robust=True,  # the step is done whatever happens to its notifications (a broken mail server is logged)
    )


def audience(step, task, extension=None) -> list[tuple[int, int]]:
    """[(organisation id, lowest role), …] told of ``step``."""
    units = list(task.units.all())
    if step in (EXTENSION_ASKED, SUBMITTED):
        return [(task.assigned_by_org_id, Role.APPROVER)]
    if step == EXTENSION_DECIDED:
        return [(extension.requested_by.organisation_id, Role.REPORTER)] if extension is not None else []
    if step == RETURNED:
        return [(u.organisation_id, Role.REPORTER) for u in units if u.role == UnitRole.LEAD]
    if step == URGED:
        return [(u.organisation_id, Role.REPORTER) for u in units if u.progress < 100]
    return [(u.organisation_id, Role.REPORTER) for u in units]


def deliver(step, task_id, actor_id=None, extension_id=None) -> int:
    """Write the notifications of ``step`` (and send their e-mails); returns how many were written."""
    task = (
        Task.all_objects.select_related("assigned_by_org")
        .prefetch_related("units__organisation")
        .filter(pk=task_id)
        .first()
    )
    if task is None:
        return 0
    extension = (
        ExtensionRequest.objects.select_related("requested_by__organisation").filter(pk=extension_id).first()
        if extension_id
        else None
    )
    pairs = audience(step, task, extension)
    members = _members_by_organisation({org_id for org_id, _role in pairs})
    recipients = [user for user in _recipients(task, pairs, members) if user.pk != actor_id]
    if not recipients:
        return 0
    url = task.get_absolute_url()
    notifications, mails = [], {}
    for user in recipients:
        with translation.override(user.language or settings.LANGUAGE_CODE):
            title, body = render(step, task, extension)
            notifications.append(Notification(user=user, task=task, title=title, body=body, url=url))
            if user.emails_each_notification:
                mails[user.pk] = _email(user, task, title, body, url)
    created = Notification.objects.bulk_create(notifications)
    outgoing = [(note.pk, mails[note.user_id]) for note in created if note.user_id in mails]
    if outgoing:
        try:
            deliver_emails(outgoing)
        except Exception:  # the mail server is down: the notifications in the app stay
            logger.exception("Notification e-mails for task %s (%s) were not sent", task_id, step)
    return len(created)


def render(step, task, extension=None) -> tuple[str, str]:
    """(title, body) of the notification in the active language."""
    lead = task.lead_unit()
    values = {
        "title": Truncator(str(task)).chars(160),  # a register entry: its neutral label
        "date": task.deadline_in_force.strftime("%d/%m/%Y"),
        "assigner": str(task.assigned_by_org),
        "lead": str(lead.organisation) if lead else "—",
        "progress": task.progress,
        "reason": task.status_reason or "—",
    }
    if extension is not None:
        values.update(
            unit=str(extension.requested_by.organisation),
            requested=extension.requested_deadline.strftime("%d/%m/%Y"),
            why=extension.reason or "—",
            note=extension.decision_note or "—",
        )
    if step == ASSIGNED:
        title = _("New task: “%(title)s”, due on %(date)s")
        body = _("%(assigner)s assigned the task; lead unit: %(lead)s; due on %(date)s.")
    elif step == EXTENSION_ASKED:
        title = _("Extension asked for task “%(title)s”")
        body = _("%(unit)s asks to move the deadline from %(date)s to %(requested)s. Reason: %(why)s")
    elif step == EXTENSION_DECIDED and extension is not None and extension.status == "approved":
        title = _("Extension granted for task “%(title)s”")
        body = _("The new deadline is %(date)s. Note: %(note)s")
    elif step == EXTENSION_DECIDED:
        title = _("Extension refused for task “%(title)s”")
        body = _("The deadline stays %(date)s. Note: %(note)s")
    elif step == SUBMITTED:
        title = _("Task “%(title)s” submitted for acceptance")
        body = _("%(lead)s submitted the result; it waits for your acceptance.")
    elif step == ACCEPTED:
        title = _("Task “%(title)s” accepted as done")
        body = _("%(assigner)s accepted the result.")
    elif step == RETURNED:
        title = _("Task “%(title)s” returned")
        body = _("%(assigner)s returned the result. Reason: %(reason)s")
    elif step == CANCELLED:
        title = _("Task “%(title)s” cancelled")
        body = _("%(assigner)s cancelled the task. Reason: %(reason)s")
    else:
        title = _("Urged: task “%(title)s”, due on %(date)s")
        body = _("%(assigner)s urges your unit to finish the task by %(date)s (progress so far: %(progress)s%%).")
    return Truncator(title % values).chars(TITLE_MAX), body % values
