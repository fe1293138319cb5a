"""Calendar of deadlines, sessions and conferences — one source for the month page and the .ics feed,
read through the access gate of the user it is for."""

import datetime
from dataclasses import dataclass, field

from django.db.models import Count, F, Window
from django.db.models.functions import RowNumber
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


@dataclass
class Month:
    """What a month page shows: at most ``per_day`` events a day, and how many each day holds in all."""

    events: list[Event]
    totals: dict = field(default_factory=dict)  # day -> number of events that day

    def by_day(self):
        days = {}
        for event in self.events:
            days.setdefault(event.day, []).append(event)
        return days


def _capped(queryset, day_field: str, per_day: int | None):
    """``queryset`` limited to its first ``per_day`` rows of each day (a window function in the database), so a
    national scope's month does not read thousands of rows to print a few a day."""
    if per_day is None:
        return queryset
    return queryset.annotate(
        day_rank=Window(RowNumber(), partition_by=[F(day_field)], order_by=[F(day_field).asc(), F("pk").asc()])
    ).filter(day_rank__lte=per_day)


def _day_counts(queryset, day_field: str, totals: dict):
    for day, count in (
        queryset.order_by().values_list(day_field).annotate(count=Count("pk")).values_list(day_field, "count")
    ):
        totals[day] = totals.get(day, 0) + count


def month_events(user, start: datetime.date, end: datetime.date, per_day: int) -> Month:
    """The month page's events: at most ``per_day`` a day (deadlines first), with each day's total, in a fixed
    number of queries whatever the scope."""
    totals = {}
    for queryset, day_field in _sources(user, start, end):
        _day_counts(queryset, day_field, totals)
    events = events_for(user, start, end, per_day=per_day)
    shown, counted = [], {}
    for event in events:
        counted[event.day] = counted.get(event.day, 0) + 1
        if counted[event.day] <= per_day:
            shown.append(event)
    return Month(shown, totals)


def _sources(user, start, end):
    return [
        (
            Task.objects.restrict(user).filter(status__in=OPEN_STATUSES, deadline_in_force__range=(start, end)),
            "deadline_in_force",
        ),
        (Dissemination.objects.restrict(user).filter(deadline__range=(start, end)), "deadline"),
        (DisseminationSession.objects.restrict(user).filter(held_on__range=(start, end)), "held_on"),
        (OutreachSession.objects.restrict(user).filter(held_on__range=(start, end)), "held_on"),
        (ReviewConference.objects.restrict(user).filter(held_on__range=(start, end)), "held_on"),
    ]


def events_for(user, start: datetime.date, end: datetime.date, per_day: int | None = None) -> list[Event]:
    """Events between ``start`` and ``end`` (inclusive) that ``user`` may see, in a fixed number of queries;
    with ``per_day``, at most that many of each kind a day."""
    events = []
    tasks, duties, sessions, outreach_sessions, conferences = (qs for qs, _day in _sources(user, start, end))
    for task in _capped(tasks.only("pk", "title", "classification", "deadline_in_force"), "deadline_in_force", per_day):
        events.append(
            Event(
                f"task-{task.pk}",
                task.deadline_in_force,
                _("Deadline: %(title)s") % {"title": task},
                reverse("work:task_detail", args=[task.pk]),
                "task",
            )
        )
    for duty in _capped(duties.select_related("document", "organisation"), "deadline", per_day):
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
    for session in _capped(
        sessions.select_related("dissemination__document", "dissemination__organisation"), "held_on", per_day
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
    for outreach in _capped(outreach_sessions.select_related("commune"), "held_on", per_day):
        events.append(
            Event(
                f"outreach-{outreach.pk}",
                outreach.held_on,
                _("Outreach session in %(commune)s") % {"commune": outreach.commune},
                outreach.get_absolute_url(),
                "outreach",
            )
        )
    for conference in _capped(conferences.select_related("agreement"), "held_on", per_day):
        events.append(
            Event(
                f"conference-{conference.pk}",
                conference.held_on,
                str(conference),
                conference.get_absolute_url(),
                "conference",
            )
        )
    return sorted(events, key=lambda e: (e.day, KIND_ORDER.get(e.kind, 9), e.title))


#: deadlines first on a crowded day
KIND_ORDER = {"task": 0, "dissemination": 1, "conference": 2, "session": 3, "outreach": 4}


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
