"""Calendar of deadlines, sessions and conferences — one source for the month page and the .ics feed,
read through the access gate of the user it is for."""

import datetime
from dataclasses import dataclass

from django.urls import reverse
from django.utils.translation import gettext as _

from phoihop.work.choices import OPEN_STATUSES
from phoihop.work.models import Dissemination, DisseminationSession, OutreachSession, ReviewConference, Task


@dataclass(frozen=True)
class Event:
    uid: str
    day: datetime.date
    title: str
    url: str
    kind: str  # task, dissemination, session, outreach, conference


def events_for(user, start: datetime.date, end: datetime.date) -> list[Event]:
    """Events between ``start`` and ``end`` (inclusive) that ``user`` may see, in a fixed number of queries."""
    events = []
    for task in (
        Task.objects.restrict(user)
        .filter(status__in=OPEN_STATUSES, deadline_in_force__range=(start, end))
        .only("pk", "title", "classification", "deadline_in_force")
    ):
        events.append(
            Event(
                f"task-{task.pk}",
                task.deadline_in_force,
                _("Deadline: %(title)s") % {"title": task},
                reverse("work:task_detail", args=[task.pk]),
                "task",
            )
        )
    for duty in (
        Dissemination.objects.restrict(user)
        .filter(deadline__range=(start, end))
        .select_related("document", "organisation")
    ):
        events.append(
            Event(
                f"dissemination-{duty.pk}",
                duty.deadline,
                _("Dissemination due: %(document)s (%(organisation)s)")
                % {"document": duty.document.number or str(duty.document), "organisation": duty.organisation},
                duty.get_absolute_url(),
                "dissemination",
            )
        )
    for session in (
        DisseminationSession.objects.restrict(user)
        .filter(held_on__range=(start, end))
        .select_related("dissemination__document", "dissemination__organisation")
    ):
        document = session.dissemination.document
        events.append(
            Event(
                f"session-{session.pk}",
                session.held_on,
                _("Dissemination session: %(document)s") % {"document": document.number or str(document)},
                session.get_absolute_url(),
                "session",
            )
        )
    for outreach in (
        OutreachSession.objects.restrict(user).filter(held_on__range=(start, end)).select_related("commune")
    ):
        events.append(
            Event(
                f"outreach-{outreach.pk}",
                outreach.held_on,
                _("Outreach session in %(commune)s") % {"commune": outreach.commune},
                outreach.get_absolute_url(),
                "outreach",
            )
        )
    for conference in (
        ReviewConference.objects.restrict(user).filter(held_on__range=(start, end)).select_related("agreement")
    ):
        events.append(
            Event(
                f"conference-{conference.pk}",
                conference.held_on,
                str(conference),
                conference.get_absolute_url(),
                "conference",
            )
        )
    return sorted(events, key=lambda e: (e.day, e.kind, e.title))


def _escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")


def _fold(line: str) -> str:
    """RFC 5545: lines longer than 75 octets continue on the next line after a space."""
    encoded = line.encode()
    if len(encoded) <= 75:
        return line
    parts, current = [], b""
    for char in line:
        piece = char.encode()
        if len(current) + len(piece) > (75 if not parts else 74):
            parts.append(current.decode())
            current = b""
        current += piece
    parts.append(current.decode())
    return "\r\n ".join(parts)


def to_ics(events, base_url: str, stamp: datetime.datetime) -> str:
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//phoihop//coordination calendar//VI",
        "CALSCALE:GREGORIAN",
        "X-WR-TIMEZONE:Asia/Ho_Chi_Minh",
    ]
    dtstamp = stamp.strftime("%Y%m%dT%H%M%SZ")
    for event in events:
        lines += [
            "BEGIN:VEVENT",
            f"UID:{event.uid}@phoihop",
            f"DTSTAMP:{dtstamp}",
            f"DTSTART;VALUE=DATE:{event.day:%Y%m%d}",
            f"DTEND;VALUE=DATE:{event.day + datetime.timedelta(days=1):%Y%m%d}",
            f"SUMMARY:{_escape(event.title)}",
            f"URL:{base_url}{event.url}",
            f"CATEGORIES:{event.kind.upper()}",
            "END:VEVENT",
        ]
    lines.append("END:VCALENDAR")
    return "\r\n".join(_fold(line) for line in lines) + "\r\n"
