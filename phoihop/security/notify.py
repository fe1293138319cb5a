"""A new situation note is routed to the post's superiors: the approvers and admins of the organisation directly
above the post are told in the app (and by e-mail for those who keep e-mail on), once the note is saved. They see
the note through the ordinary subtree gate; only those cleared for its classification are told, never its author.
The text names the post and the date, never the content: a classified note's notification says only that a note
waits.
"""

import logging
from functools import partial

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _

from phoihop.core.choices import Classification, Role

logger = logging.getLogger(__name__)


def note_to_superiors(note, *, acting_user=None) -> None:
    transaction.on_commit(
        partial(deliver, note.pk, acting_user.pk if acting_user is not None else None),
        robust=True,  # the note is saved whatever happens to its notifications
    )


def recipients(note) -> list:
    """The active users with at least the approver role in the organisation directly above the note's post,
    cleared for its classification."""
    from phoihop.accounts.models import Membership
    from phoihop.security.services import superiors_of

    superiors = superiors_of(note.post)
    if not superiors:
        return []
    memberships = Membership.objects.filter(
        organisation=superiors[0],
        role__gte=Role.APPROVER,
        user__is_active=True,
        user__clearance__gte=note.classification,
    ).select_related("user")
    chosen = {}
    for membership in memberships.order_by("user__username"):
        chosen.setdefault(membership.user_id, membership.user)
    return list(chosen.values())


def render(note) -> tuple[str, str]:
    """(title, body) in the active language: the post and the date, never the content."""
    values = {"post": str(note.post), "date": note.noted_on.strftime("%d/%m/%Y")}
    title = _("New situation note from %(post)s (%(date)s)") % values
    if note.classification > Classification.UNCLASSIFIED:
        body = _("A classified situation note waits for you to read it in phoihop.")
    else:
        body = _("%(post)s reported on the situation of its area on %(date)s. Read it and mark it read.") % values
    return title, body


def deliver(note_id, actor_id=None) -> int:
    from phoihop.security.models import SituationNote
    from phoihop.work.models import Notification
    from phoihop.work.reminders import deliver_emails

    note = SituationNote.objects.select_related("post").filter(pk=note_id).first()
    if note is None:
        return 0
    users = [user for user in recipients(note) if user.pk != actor_id]
    if not users:
        return 0
    url = note.get_absolute_url()
    notifications, mails = [], {}
    for user in users:
        with translation.override(user.language or settings.LANGUAGE_CODE):
            title, body = render(note)
            notifications.append(Notification(user=user, title=title, body=body, url=url))
            if user.emails_each_notification:
                mails[user.pk] = _email(user, title, body, url)
    created = Notification.objects.bulk_create(notifications)
    outgoing = [(n.pk, mails[n.user_id]) for n in created if n.user_id in mails]
    if outgoing:
        try:
            deliver_emails(outgoing)
        except Exception:  # the mail server is down: the notifications in the app stay
            logger.exception("Notification e-mails for situation note %s were not sent", note_id)
    return len(created)


def _email(user, title, body, url):
    link = getattr(settings, "REMINDER_SITE_URL", "").rstrip("/") + url
    footer = _("You receive these e-mails because e-mail notifications are on in your phoihop profile.")
    open_label = _("Open the situation note")
    return EmailMessage(
        subject=" ".join(title.split()),
        body=f"{body}\n\n{open_label}: {link}\n\n-- \n{footer}\n",
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[user.email],
    )
