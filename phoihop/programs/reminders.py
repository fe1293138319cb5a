"""Reminders of the periodic figures' reporting deadlines, sent by the daily reminder job of the coordination
work (``manage.py send_reminders``, ``work.jobs.send_reminders_job``) after the task reminders.

``send_figure_reminders(today)`` is a system job: it looks at every indicator of the programmes active on
``today`` (``start_date <= today`` and no end date or ``end_date >= today``), and for each period whose
reporting deadline (the period's last day + the indicator's ``deadline_days``) is near or just passed, at each
participating organisation that has not reported the indicator's value for that period (no figure submitted,
approved, locked or reopened), it notifies the direct members of that organisation with at least the Reporter
role (active accounts). They read the programme's indicators as participants, so every notification passes the
gate. Periods before the programme's start are skipped.

=============  ======================================================  ==========================================
kind           sent when (``days_left = deadline − today``)            setting (default)
=============  ======================================================  ==========================================
``due``        ``0 <= days_left <= REMINDER_FIGURE_DAYS_BEFORE``        ``REMINDER_FIGURE_DAYS_BEFORE`` (3)
``overdue``    ``1 <= -days_left <= REMINDER_FIGURE_OVERDUE_DAYS``      ``REMINDER_FIGURE_OVERDUE_DAYS`` (7)
=============  ======================================================  ==========================================

The settings are read with ``getattr(settings, …)``, so the module defaults apply until they are set. A window is
a range, so a job that missed a day catches up; an old period beyond the overdue window is never reminded.

Exactly once: each reminder is claimed by inserting ``FigureReminderLog(organisation, indicator, period, kind)``
under the unique constraint ``figure_reminder_once``, in the same transaction as its notifications (a savepoint
per claim, so an indicator claimed by another worker meanwhile is just left out). The indicators of one
programme due for one organisation and period are announced in **one** notification per member, listing them.
A reminder with nobody to notify (no reporter there yet) is not claimed. E-mails go after commit through
``work.reminders.deliver_emails``, to members with an address and e-mail notifications on.
"""

import datetime
import logging
from collections import defaultdict
from functools import partial
from urllib.parse import urlencode

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from phoihop.programs.models import Indicator, PeriodicFigure
from phoihop.programs.models.figures import FigureReminderKind, FigureReminderLog
from phoihop.programs.periods import period_end, period_label, periods_between
from phoihop.programs.services import REPORTED_STATUSES
from phoihop.work.models import Notification
from phoihop.work.reminders import _members_by_organisation, deliver_emails

logger = logging.getLogger(__name__)

DAYS_BEFORE = 3  # default of REMINDER_FIGURE_DAYS_BEFORE
OVERDUE_DAYS = 7  # default of REMINDER_FIGURE_OVERDUE_DAYS
TITLE_MAX = Notification._meta.get_field("title").max_length


def reminder_days() -> tuple[int, int]:
    """(days before the deadline the ``due`` window opens, days after it the ``overdue`` window closes)."""
    return (
        getattr(settings, "REMINDER_FIGURE_DAYS_BEFORE", DAYS_BEFORE),
        getattr(settings, "REMINDER_FIGURE_OVERDUE_DAYS", OVERDUE_DAYS),
    )


def kind_due(days_left: int):
    before, after = reminder_days()
    if 0 <= days_left <= before:
        return FigureReminderKind.DUE
    if 1 <= -days_left <= after:
        return FigureReminderKind.OVERDUE
    return None


def deadline_of(indicator, start) -> datetime.date:
    return period_end(indicator.period_type, start) + datetime.timedelta(days=indicator.deadline_days)


def candidate_periods(indicator, today):
    """[(period start, deadline, kind)] of ``indicator`` with a reminder window containing ``today``."""
    before, after = reminder_days()
    # A deadline in [today − after, today + before] belongs to a period ending in
    # [today − after − deadline_days, today + before − deadline_days].
    first = today - datetime.timedelta(days=after + indicator.deadline_days)
    last = today + datetime.timedelta(days=max(before - indicator.deadline_days, 0))
    result = []
    for start in periods_between(indicator.period_type, first, last):
        if period_end(indicator.period_type, start) < indicator.programme.reporting_start:
            continue
        deadline = deadline_of(indicator, start)
        kind = kind_due((deadline - today).days)
        if kind is not None:
            result.append((start, deadline, kind))
    return result


def send_figure_reminders(today: datetime.date | None = None) -> dict[str, int]:
    """Send the figure reminders due on ``today`` (default: the local date); returns {kind: reminders claimed},
    a reminder being one (organisation, indicator, period, kind).

    Queries: four to read (indicators with their programmes and participants, the figures reported, the
    reminders already sent, the memberships), then per notification group one insert per claim and one bulk
    insert of its notifications.
    """
    today = today or timezone.localdate()
    counts = {kind.value: 0 for kind in FigureReminderKind}
    indicators = list(
        Indicator.objects.filter(programme__deleted_at__isnull=True, programme__start_date__lte=today)
        .filter(Q(programme__end_date__isnull=True) | Q(programme__end_date__gte=today))
        .select_related("programme")
        .prefetch_related("programme__participants")
        .order_by("programme_id", "sort_order", "code")
    )
    wanted = []  # (indicator, start, deadline, kind)
    for indicator in indicators:
        for start, deadline, kind in candidate_periods(indicator, today):
            wanted.append((indicator, start, deadline, kind))
    if not wanted:
        return counts
    indicator_ids = {i.pk for i, *_rest in wanted}
    starts = {start for _i, start, *_rest in wanted}
    reported = set(
        PeriodicFigure.objects.filter(
            indicator_id__in=indicator_ids, period_start__in=starts, status__in=REPORTED_STATUSES
        ).values_list("organisation_id", "indicator_id", "period_start")
    )
    sent = set(
        FigureReminderLog.objects.filter(indicator_id__in=indicator_ids, period_start__in=starts).values_list(
            "organisation_id", "indicator_id", "period_start", "kind"
        )
    )
    groups = defaultdict(list)  # (organisation, programme, period type, start, deadline, kind) → [indicator]
    for indicator, start, deadline, kind in wanted:
        for organisation in indicator.programme.participants.all():
            if organisation.deleted_at is not None:
                continue
            if (organisation.pk, indicator.pk, start) in reported:
                continue
            if (organisation.pk, indicator.pk, start, kind) in sent:
                continue
            key = (organisation, indicator.programme, indicator.period_type, start, deadline, kind)
            groups[key].append(indicator)
    if not groups:
        return counts
    members = _members_by_organisation({key[0].pk for key in groups})
    for key, group in groups.items():
        recipients = [user for _role, user in members.get(key[0].pk, ())]
        if recipients:
            counts[key[-1]] += _claim_and_notify(key, group, today, recipients)
    logger.info("Figure reminders for %s: %s", today, counts)
    return counts


def _claim_and_notify(key, indicators, today, recipients) -> int:
    """Claim each indicator's reminder and notify ``recipients`` about the claimed ones, in one transaction;
    returns how many were claimed (0: another run or worker sent them first)."""
    organisation, programme, period_type, start, deadline, kind = key
    with transaction.atomic():
        claimed = []
        for indicator in indicators:
            try:
                with transaction.atomic():
                    FigureReminderLog.objects.create(
                        organisation=organisation,
                        indicator=indicator,
                        period_start=start,
                        kind=kind,
                        deadline=deadline,
                        recipients=len(recipients),
                    )
            except IntegrityError:
                continue
            claimed.append(indicator)
        if not claimed:
            return 0
        url = entry_url(organisation, programme, period_type, start)
        notifications, mails = [], {}
        for user in recipients:
            with translation.override(user.language or settings.LANGUAGE_CODE):
                title, body = render_reminder(organisation, programme, period_type, start, deadline, kind, claimed)
                notifications.append(Notification(user=user, title=title, body=body, url=url))
                if user.emails_each_notification:
                    mails[user.pk] = _email(user, title, body, url)
        created = Notification.objects.bulk_create(notifications)
        outgoing = [(note.pk, mails[note.user_id]) for note in created if note.user_id in mails]
        if outgoing:
            transaction.on_commit(partial(deliver_emails, outgoing))
    return len(claimed)


def entry_url(organisation, programme, period_type, start) -> str:
    query = urlencode(
        {
            "organisation": organisation.pk,
            "programme": programme.pk,
            "period_type": period_type,
            "period": start.strftime("%d/%m/%Y"),
        }
    )
    return f"{reverse('programs:figure_entry')}?{query}"


def render_reminder(organisation, programme, period_type, start, deadline, kind, indicators) -> tuple[str, str]:
    """(title, body) in the active language."""
    ctx = {
        "programme": Truncator(str(programme)).chars(120),
        "period": period_label(period_type, start),
        "date": deadline.strftime("%d/%m/%Y"),
        "organisation": str(organisation),
        "indicators": "; ".join(f"{i.code} — {i.name}" for i in indicators),
    }
    if kind == FigureReminderKind.DUE:
        title = _("Figures of %(programme)s for %(period)s are due on %(date)s")
        body = _(
            "%(organisation)s has not yet submitted these figures of %(programme)s for %(period)s: %(indicators)s. "
            "Enter and submit them by %(date)s."
        )
    else:
        title = _("Figures of %(programme)s for %(period)s are overdue: they were due on %(date)s")
        body = _(
            "%(organisation)s has not submitted these figures of %(programme)s for %(period)s, due on %(date)s: "
            "%(indicators)s. Enter and submit them now."
        )
    return Truncator(title % ctx).chars(TITLE_MAX), body % ctx


def _email(user, title, body, url) -> EmailMessage:
    link = getattr(settings, "REMINDER_SITE_URL", "").rstrip("/") + url
    open_label = _("Enter the figures")
    footer = _("You receive these e-mails because e-mail notifications are on in your phoihop profile.")
    return EmailMessage(
        subject=" ".join(title.split()),
        body=f"{body}\n\n{open_label}: {link}\n\n-- \n{footer}\n",
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[user.email],
    )
