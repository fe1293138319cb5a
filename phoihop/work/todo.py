"""The work app's items of "Việc cần xử lý" (``core.todo``): tasks to report on and overdue, tasks and extension
requests waiting for the user's decision, dissemination duties falling due, unread notifications."""

import datetime

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from phoihop.core.todo import listed, register
from phoihop.work.filtersets.dissemination import DisseminationFilterSet
from phoihop.work.filtersets.tasks import TaskFilterSet
from phoihop.work.models import Dissemination, Notification, Task

#: dissemination duties are shown this many days before their deadline
DUTY_NOTICE_DAYS = 14


def ddmmyyyy(day) -> str:
    return day.strftime("%d/%m/%Y")


@register("tasks_overdue", 5, _("Tasks of my units past their deadline"), tone="danger")
def tasks_overdue(user, today):
    return listed(user, "work:task_list", TaskFilterSet, Task.objects.all(), to_report="true", overdue="true")


@register("tasks_to_report", 10, _("Tasks my units are carrying out (report progress)"))
def tasks_to_report(user, today):
    return listed(user, "work:task_list", TaskFilterSet, Task.objects.all(), to_report="true")


@register("tasks_to_accept", 20, _("Tasks submitted, awaiting my acceptance"), tone="warning")
def tasks_to_accept(user, today):
    return listed(user, "work:task_list", TaskFilterSet, Task.objects.all(), awaiting_my_acceptance="true")


@register("extensions_to_decide", 25, _("Extension requests awaiting my decision"), tone="warning")
def extensions_to_decide(user, today):
    return listed(user, "work:task_list", TaskFilterSet, Task.objects.all(), extension_awaiting_me="true")


@register("duties_due", 30, _("Documents my units must disseminate (due within 14 days or overdue)"))
def duties_due(user, today):
    return listed(
        user,
        "work:dissemination_list",
        DisseminationFilterSet,
        Dissemination.objects.all(),
        mine="true",
        status="not_done",
        deadline_to=ddmmyyyy(today + datetime.timedelta(days=DUTY_NOTICE_DAYS)),
    )


@register("notifications", 90, _("Unread notifications"))
def unread_notifications(user, today):
    count = Notification.objects.filter(user=user, read_at__isnull=True).count()
    return count, reverse("work:notification_list") + "?unread=true"
