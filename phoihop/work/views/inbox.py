""" "Việc của đơn vị": the tasks my organisations lead, coordinate or assigned; the month calendar; the .ics feed."""

import calendar as pycalendar
import datetime
import secrets

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.db.models import Count, Q
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View
from django_tables2 import RequestConfig

from phoihop.accounts.models import User
from phoihop.core.access import member_paths, subtree_q
from phoihop.orgs.models import Organisation
from phoihop.work.calendar import events_for, month_events, to_ics
from phoihop.work.choices import OPEN_STATUSES, UnitRole
from phoihop.work.models import Task, TaskUnit
from phoihop.work.tables.tasks import TaskTable

TABS = ("lead", "coordinating", "assigned")


def inbox_groups(user):
    """The tasks the user may see (through the gate, once) and, by tab, the condition that the user's
    organisations lead, coordinate or assigned them."""
    mine = Organisation.all_objects.filter(subtree_q(member_paths(user))).values("pk")
    units = TaskUnit.objects.filter(organisation__in=mine)
    return Task.objects.restrict(user), {
        "lead": Q(pk__in=units.filter(role=UnitRole.LEAD).values("task_id")),
        "coordinating": Q(pk__in=units.filter(role=UnitRole.COORDINATING).values("task_id")),
        "assigned": Q(assigned_by_org__in=mine),
    }


class InboxView(LoginRequiredMixin, View):
    def get(self, request):
        visible, groups = inbox_groups(request.user)
        tab = request.GET.get("tab") if request.GET.get("tab") in TABS else "lead"
        today = timezone.localdate()
        # every figure in one query over the gate's rows: the gate is evaluated once, not once per figure (at a
        # national scope an OR of several gated sets is what the planner cannot serve)
        mine = groups["lead"] | groups["coordinating"] | groups["assigned"]
        counts = visible.filter(mine, status__in=OPEN_STATUSES).aggregate(
            overdue=Count("pk", filter=Q(deadline_in_force__lt=today)),
            due_soon=Count("pk", filter=Q(deadline_in_force__range=(today, today + datetime.timedelta(days=7)))),
            **{name: Count("pk", filter=condition) for name, condition in groups.items()},
        )
        queryset = visible.filter(groups[tab]).select_related("assigned_by_org").prefetch_related("units__organisation")
        if request.GET.get("show") != "all":
            queryset = queryset.filter(status__in=OPEN_STATUSES)
        table = TaskTable(queryset, request=request)
        RequestConfig(request, paginate={"per_page": 25}).configure(table)
        return render(
            request,
            "work/inbox.html",
            {"tab": tab, "table": table, "counts": counts, "show_all": request.GET.get("show") == "all"},
        )


#: events a day on the month page; a busier day links to its own page ("+12 việc khác")
EVENTS_PER_DAY = 4


def parse_day(value):
    try:
        return datetime.date.fromisoformat(value) if value else None
    except ValueError:
        return None


def month_grid(year, month):
    return pycalendar.Calendar(firstweekday=0).monthdatescalendar(year, month)


class CalendarView(LoginRequiredMixin, View):
    """A month of deadlines, sessions and conferences (Monday first)."""

    def get(self, request):
        today = timezone.localdate()
        try:
            year, month = (int(part) for part in request.GET.get("month", "").split("-"))
            first = datetime.date(year, month, 1)
        except ValueError:
            first = today.replace(day=1)
        day = parse_day(request.GET.get("day", ""))
        if day is not None:
            return self.day(request, day, today)
        weeks = month_grid(first.year, first.month)
        month = month_events(request.user, weeks[0][0], weeks[-1][-1], per_day=EVENTS_PER_DAY)
        by_day = month.by_day()
        rows = [
            [
                (
                    day,
                    by_day.get(day, []),
                    day.month == first.month,
                    month.totals.get(day, 0) - len(by_day.get(day, [])),
                )
                for day in week
            ]
            for week in weeks
        ]
        previous = (first - datetime.timedelta(days=1)).replace(day=1)
        following = (first + datetime.timedelta(days=32)).replace(day=1)
        return render(
            request,
            "work/calendar.html",
            {
                "first": first,
                "rows": rows,
                "today": today,
                "previous": f"{previous:%Y-%m}",
                "following": f"{following:%Y-%m}",
                "feed_url": request.build_absolute_uri(f"/work/calendar/{request.user.calendar_token}.ics")
                if request.user.calendar_token
                else None,
            },
        )

    def day(self, request, day, today):
        """Every event of one day (the month page prints at most EVENTS_PER_DAY and links here for the rest)."""
        return render(
            request,
            "work/calendar_day.html",
            {"day": day, "today": today, "events": events_for(request.user, day, day), "month": f"{day:%Y-%m}"},
        )

    def post(self, request):
        """Create (or replace) the user's private feed link; the old link stops working."""
        User.objects.filter(pk=request.user.pk).update(calendar_token=secrets.token_urlsafe(32))
        messages.success(request, _("A new calendar link was created; the old one no longer works."))
        return redirect("work:calendar")


class CalendarFeedView(View):
    """The user's private .ics feed: the secret link stands for the user, whose access gate applies."""

    def get(self, request, token):
        if len(token) < 20:
            raise Http404
        user = User.objects.filter(calendar_token=token, is_active=True).first()
        if user is None:
            raise Http404
        today = timezone.localdate()
        events = events_for(user, today - datetime.timedelta(days=60), today + datetime.timedelta(days=366))
        body = to_ics(events, request.build_absolute_uri("/").rstrip("/"), timezone.now())
        response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
        response["Content-Disposition"] = 'inline; filename="phoihop.ics"'
        return response


urlpatterns = [
    path("inbox/", InboxView.as_view(), name="inbox"),
    path("calendar/", CalendarView.as_view(), name="calendar"),
    path("calendar/<str:token>.ics", CalendarFeedView.as_view(), name="calendar_feed"),
]
