"""The daily deadline reminders and escalations of open tasks.

``send_task_reminders(today)`` is a system job: it looks at every open task (status in ``OPEN_STATUSES``), not
at the tasks of one user. Whoever it notifies must still be able to see the task, so the recipients are the
direct members of the organisations concerned, which the access gate lets see the task (unit organisations
and the assigning organisation read it, the parent reads its subtree), whose clearance reaches the task's
classification, and whose account is active. Members of organisations higher up are not notified: they would
get every reminder of their whole subtree.

Windows, with ``days_left = deadline_in_force − today`` (the job catches up when it missed a day, so a window
is a range, not a single day; each kind goes out at most once per task and deadline):

=========================  =================================  ===============================================
kind                       sent when                          to (direct members with at least the role)
=========================  =================================  ===============================================
``due_7``                  ``1 < days_left <= 7``             every unit (lead and coordinating): Reporter
``due_1``                  ``0 <= days_left <= 1``            every unit: Reporter
``overdue``                ``days_left < 0``                  every unit and the assigning organisation:
                                                              Reporter
``escalated_approvers``    ``-days_left >= REMINDER_          the assigning organisation: Approver
                           ESCALATE_APPROVERS_AFTER_DAYS``
                           (default 3)
``escalated_parent``       ``-days_left >= REMINDER_          the assigning organisation's parent: Approver
                           ESCALATE_PARENT_AFTER_DAYS``       (skipped when it has no parent)
                           (default 7)
=========================  =================================  ===============================================

So a task due on the 10th gets ``due_7`` from the 3rd, ``due_1`` on the 9th or 10th, ``overdue`` from the 11th,
the approvers on the 13th and the parent on the 17th. A job that did not run for a week sends, on the day it
runs again, only the kinds whose window contains that day (a missed ``due_7`` is not sent once ``due_1`` is due;
a late task gets ``overdue`` and any escalation that is due together).

Exactly once: before notifying, the job claims the reminder by inserting ``ReminderLog(task, kind, deadline)``;
the unique constraint ``reminder_once`` makes a second insert — a second run, or a second worker at the same
moment — fail, and that run skips the reminder. The claim, the notifications and the e-mails' ``on_commit``
hook are one transaction: a crash leaves either nothing (the next run sends it) or everything. Because the
deadline in force is part of the key, an approved extension opens a fresh set of reminders for the new
deadline. A reminder with nobody to notify (no member with the role yet) is not claimed, so it goes out once
someone is there.

E-mails go, after commit, to recipients with an address and ``email_notifications`` on; the notification's
``emailed_at`` is set when its message was handed to the mail backend. A classified task's title never leaves
the system by e-mail: the message only says there is a reminder and links to it.
"""

import datetime
import logging
from collections import defaultdict
from functools import partial

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import IntegrityError, transaction
from django.db.models import Prefetch
from django.utils import timezone, translation
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from phoihop.accounts.models import Membership
from phoihop.core.choices import Classification, Role
from phoihop.work.choices import OPEN_STATUSES, ReminderKind
from phoihop.work.models import Notification, ReminderLog, Task, TaskUnit

logger = logging.getLogger(__name__)

DUE_SOON_DAYS = 7  # the due_7 window opens this many days before the deadline
TITLE_MAX = Notification._meta.get_field("title").max_length


def escalation_days() -> tuple[int, int]:
    """Days past the deadline after which an overdue task goes to the approvers, then to the parent."""
    return (
        getattr(settings, "REMINDER_ESCALATE_APPROVERS_AFTER_DAYS", 3),
        getattr(settings, "REMINDER_ESCALATE_PARENT_AFTER_DAYS", 7),
    )


def kinds_due(days_left: int) -> list[str]:
    """The reminder kinds whose window contains ``days_left`` (see the module docstring)."""
    if days_left > DUE_SOON_DAYS:
        return []
    if days_left > 1:
        return [ReminderKind.DUE_IN_7]
    if days_left >= 0:
        return [ReminderKind.DUE_IN_1]
    late = -days_left
    to_approvers, to_parent = escalation_days()
    kinds = [ReminderKind.OVERDUE]
    if late >= to_approvers:
        kinds.append(ReminderKind.ESCALATED_APPROVERS)
    if late >= to_parent:
        kinds.append(ReminderKind.ESCALATED_PARENT)
    return kinds


def audience(task, kind) -> list[tuple[int, int]]:
    """(organisation id, minimum role) pairs whose direct members receive ``kind`` for ``task``."""
    units = [(unit.organisation_id, Role.REPORTER) for unit in task.units.all()]
    if kind in (ReminderKind.DUE_IN_7, ReminderKind.DUE_IN_1):
        return units
    if kind == ReminderKind.OVERDUE:
        return [*units, (task.assigned_by_org_id, Role.REPORTER)]
    if kind == ReminderKind.ESCALATED_APPROVERS:
        return [(task.assigned_by_org_id, Role.APPROVER)]
    parent = task.assigned_by_org.parent
    if parent is None or parent.deleted_at is not None:
        return []
    return [(parent.pk, Role.APPROVER)]


def send_task_reminders(today: datetime.date | None = None) -> dict[str, int]:
    """Send the reminders due on ``today`` (default: the local date); returns {kind: tasks reminded}.

    Queries: four to read (tasks, their units, the reminders already sent, the memberships of every
    organisation concerned), then per reminder sent one insert of its log and one bulk insert of its
    notifications, and after commit one update of ``emailed_at`` when e-mails went out — never one per
    recipient.
    """
    today = today or timezone.localdate()
    counts = {kind.value: 0 for kind in ReminderKind}
    candidates = Task.objects.filter(
        status__in=OPEN_STATUSES,
        deadline_in_force__isnull=False,
        deadline_in_force__lte=today + datetime.timedelta(days=DUE_SOON_DAYS),
    )
    tasks = list(
        candidates.select_related("assigned_by_org__parent")
        .prefetch_related(Prefetch("units", queryset=TaskUnit.objects.select_related("organisation")))
        .order_by("deadline_in_force", "pk")
    )
    if not tasks:
        return counts
    # A subquery rather than a list of ids: long-overdue tasks pile up, and SQLite limits query parameters.
    sent = set(ReminderLog.objects.filter(task__in=candidates.values("pk")).values_list("task_id", "kind", "deadline"))
    todo = []  # (task, kind, audience)
    for task in tasks:
        for kind in kinds_due((task.deadline_in_force - today).days):
            if (task.pk, kind, task.deadline_in_force) not in sent:
                todo.append((task, kind, audience(task, kind)))
    if not todo:
        return counts
    members = _members_by_organisation({org_id for _t, _k, pairs in todo for org_id, _role in pairs})
    total = 0
    for task, kind, pairs in todo:
        recipients = _recipients(task, pairs, members)
        if recipients and _claim_and_notify(task, kind, today, recipients):
            counts[kind] += 1
            total += len(recipients)
    logger.info("Task reminders for %s: %s (%d notifications)", today, counts, total)
    return counts


def _members_by_organisation(org_ids) -> dict[int, list[tuple[int, object]]]:
    """{organisation id: [(role, user), …]} of the active users with at least Reporter there, in one query."""
    members = defaultdict(list)
    memberships = Membership.objects.filter(
        organisation_id__in=org_ids,
        organisation__deleted_at__isnull=True,
        role__gte=Role.REPORTER,
        user__is_active=True,
    ).select_related("user")
    for membership in memberships.order_by("organisation_id", "user__username"):
        members[membership.organisation_id].append((membership.role, membership.user))
    return members


def _recipients(task, pairs, members) -> list:
    """Distinct users holding the role in one of ``pairs`` whose clearance lets them see the task."""
    chosen = {}
    for org_id, min_role in pairs:
        for role, user in members.get(org_id, ()):
            if role >= min_role and user.clearance >= task.classification:
                chosen.setdefault(user.pk, user)
    return list(chosen.values())


def _claim_and_notify(task, kind, today, recipients) -> bool:
    """Claim (task, kind, deadline) and notify ``recipients`` in one transaction; False if already claimed."""
    claimed = False
    try:
        with transaction.atomic():
            ReminderLog.objects.create(
                task=task, kind=kind, deadline=task.deadline_in_force, recipients=len(recipients)
            )
            claimed = True
            url = task.get_absolute_url()
            days_left = (task.deadline_in_force - today).days
            notifications, mails = [], {}
            for user in recipients:
                with translation.override(user.language or settings.LANGUAGE_CODE):
                    title, body = render_reminder(task, kind, days_left)
                    notifications.append(Notification(user=user, task=task, title=title, body=body, url=url))
                    if user.emails_each_notification:
                        mails[user.pk] = _email(user, task, title, body, url)
            created = Notification.objects.bulk_create(notifications)  # ids come back (PostgreSQL, SQLite)
            outgoing = [(note.pk, mails[note.user_id]) for note in created if note.user_id in mails]
            if outgoing:
                transaction.on_commit(partial(deliver_emails, outgoing))
    except IntegrityError:
        if claimed:
            raise
        return False  # another run or worker sent it first
    return True


def deliver_emails(outgoing) -> int:
    """Send [(notification id, EmailMessage), …] over one connection; mark the sent ones as e-mailed."""
    delivered = []
    connection = get_connection()
    try:
        connection.open()
        for pk, mail in outgoing:
            mail.connection = connection
            try:
                mail.send()
            except Exception:  # one bad address or a broken server must not stop the others
                logger.exception("Reminder e-mail to %s failed", mail.to)
            else:
                delivered.append(pk)
    finally:
        connection.close()
    if delivered:
        Notification.objects.filter(pk__in=delivered).update(emailed_at=timezone.now())
    return len(delivered)


# --- texts -----------------------------------------------------------------------------------------------


def _context(task, days_left):
    lead = task.lead_unit()
    return {
        "title": Truncator(str(task)).chars(200),  # a register entry: its neutral label
        "date": task.deadline_in_force.strftime("%d/%m/%Y"),
        "days": abs(days_left),
        "assigner": str(task.assigned_by_org),
        "lead": str(lead.organisation) if lead else "—",
        "progress": task.progress,
    }


def render_reminder(task, kind, days_left) -> tuple[str, str]:
    """(title, body) of the reminder in the active language."""
    ctx = _context(task, days_left)
    if kind == ReminderKind.DUE_IN_7:
        title = _("Task “%(title)s” is due on %(date)s")
    elif kind == ReminderKind.DUE_IN_1 and days_left >= 1:
        title = _("Task “%(title)s” is due tomorrow, %(date)s")
    elif kind == ReminderKind.DUE_IN_1:
        title = _("Task “%(title)s” is due today, %(date)s")
    elif kind == ReminderKind.OVERDUE:
        title = _("Task “%(title)s” is overdue: it was due on %(date)s")
    elif kind == ReminderKind.ESCALATED_APPROVERS:
        title = ngettext(
            "Task “%(title)s” is %(days)d day overdue", "Task “%(title)s” is %(days)d days overdue", ctx["days"]
        )
    else:
        title = ngettext(
            "Task “%(title)s” assigned by %(assigner)s is %(days)d day overdue",
            "Task “%(title)s” assigned by %(assigner)s is %(days)d days overdue",
            ctx["days"],
        )

    if kind in (ReminderKind.DUE_IN_7, ReminderKind.DUE_IN_1):
        body = _(
            "The task assigned by %(assigner)s to %(lead)s is due on %(date)s (progress %(progress)s%%). "
            "Report its progress, or ask for an extension, before the deadline."
        )
    elif kind == ReminderKind.OVERDUE:
        body = _(
            "The task assigned by %(assigner)s to %(lead)s was due on %(date)s and is not finished "
            "(progress %(progress)s%%). Report its result or ask for an extension."
        )
    elif kind == ReminderKind.ESCALATED_APPROVERS:
        body = _(
            "The task assigned by %(assigner)s to %(lead)s was due on %(date)s and is still not finished "
            "(progress %(progress)s%%). As an approver of %(assigner)s, please follow it up."
        )
    else:
        body = _(
            "The task assigned by %(assigner)s to %(lead)s was due on %(date)s and is still not finished "
            "(progress %(progress)s%%). It is brought to your attention because %(assigner)s belongs to your "
            "organisation."
        )
    return Truncator(title % ctx).chars(TITLE_MAX), body % ctx


def _email(user, task, title, body, url) -> EmailMessage:
    """The e-mail for one recipient, rendered in the active (the recipient's) language."""
    link = getattr(settings, "REMINDER_SITE_URL", "").rstrip("/") + url
    if task.classification > Classification.UNCLASSIFIED:
        subject = _("A task needs your attention")
        text = _("There is a new reminder for you in phoihop about a classified task. Sign in to read it:")
        content = f"{text}\n{link}\n"
    else:
        subject = " ".join(title.split())  # no line breaks in a header
        open_label = _("Open the task")
        content = f"{body}\n\n{open_label}: {link}\n"
    footer = _("You receive these e-mails because e-mail notifications are on in your phoihop profile.")
    return EmailMessage(
        subject=subject, body=f"{content}\n-- \n{footer}\n", from_email=settings.DEFAULT_FROM_EMAIL, to=[user.email]
    )


# --- the daily digest ------------------------------------------------------------------------------------


def send_digests(now=None) -> int:
    """One e-mail to each user who chose the daily digest (``User.email_digest``), listing their notifications
    not yet e-mailed and not yet read. Run with the daily reminders. Each notification is claimed (``emailed_at``)
    before sending, so two runs never send it twice; a failed e-mail gives its notifications back for the next
    run. A notification of a classified task is listed without its title, as in the single e-mails."""
    from django.contrib.auth import get_user_model

    now = now or timezone.now()
    users = (
        get_user_model()
        .objects.filter(
            is_active=True, email_digest=True, email_notifications=True, notifications__emailed_at__isnull=True
        )
        .exclude(email="")
    )
    sent = 0
    for user in users.distinct().order_by("pk"):
        pending = Notification.objects.filter(user=user, emailed_at__isnull=True, read_at__isnull=True)
        with transaction.atomic():
            ids = list(pending.select_for_update().values_list("pk", flat=True)[:200])
            claimed = Notification.objects.filter(pk__in=ids, emailed_at__isnull=True).update(emailed_at=now)
        if not claimed:
            continue
        notes = list(Notification.objects.filter(pk__in=ids, emailed_at=now).select_related("task"))
        with translation.override(user.language or settings.LANGUAGE_CODE):
            mail = _digest_email(user, notes)
        try:
            mail.send()
        except Exception:  # the mail server is down: the next run sends them
            logger.exception("Digest e-mail to %s failed", user.email)
            Notification.objects.filter(pk__in=[n.pk for n in notes]).update(emailed_at=None)
        else:
            sent += 1
    return sent


def _digest_email(user, notes) -> EmailMessage:
    site = getattr(settings, "REMINDER_SITE_URL", "").rstrip("/")
    lines = []
    for note in sorted(notes, key=lambda n: n.created_at):
        when = timezone.localtime(note.created_at).strftime("%d/%m/%Y %H:%M")
        if note.task_id and note.task.classification > Classification.UNCLASSIFIED:
            title = _("A classified task needs your attention")
        else:
            title = " ".join(note.title.split())
        lines.append(f"- {when} — {title}" + (f"\n  {site}{note.url}" if note.url else ""))
    subject = ngettext(
        "phoihop: %(count)d notification today", "phoihop: %(count)d notifications today", len(notes)
    ) % {"count": len(notes)}
    intro = _("These notifications wait for you in phoihop:")
    footer = _("You receive this daily digest because you chose it in your phoihop profile.")
    body = f"{intro}\n\n" + "\n".join(lines) + f"\n\n-- \n{footer}\n"
    return EmailMessage(subject=subject, body=body, from_email=settings.DEFAULT_FROM_EMAIL, to=[user.email])
