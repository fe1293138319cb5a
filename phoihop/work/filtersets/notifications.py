"""Filters of the user's own notifications (the API's /api/work/notifications/)."""

import django_filters
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from phoihop.core.filtersets import GuardedFilterSet
from phoihop.work.models import Notification


class NotificationKind:
    """What a notification is about, told by what it links to (the three senders: task reminders, periodic
    figure reminders, overdue marker inspections)."""

    TASK = "task"
    FIGURES = "figures"
    MARKERS = "markers"
    choices = [
        (TASK, _("Task reminder")),
        (FIGURES, _("Periodic figures reminder")),
        (MARKERS, _("Overdue marker inspections")),
    ]

    @classmethod
    def prefixes(cls):
        """kind → the path its links start with (notifications without a task)."""
        return {cls.FIGURES: reverse("programs:figure_entry"), cls.MARKERS: reverse("border:schedule")}

    @classmethod
    def q(cls, kind) -> Q:
        if kind == cls.TASK:
            return Q(task__isnull=False)
        return Q(task__isnull=True, url__startswith=cls.prefixes()[kind])

    @classmethod
    def of(cls, notification) -> str | None:
        """The kind of one notification, by the same rule as ``q``."""
        if notification.task_id is not None:
            return cls.TASK
        return next((kind for kind, path in cls.prefixes().items() if notification.url.startswith(path)), None)


class NotificationFilterSet(GuardedFilterSet):
    unread = django_filters.BooleanFilter(field_name="read_at", lookup_expr="isnull", label=_("Unread"))
    kind = django_filters.ChoiceFilter(choices=NotificationKind.choices, method="filter_kind", label=_("Kind"))

    class Meta:
        model = Notification
        fields = ["unread", "kind"]

    def filter_kind(self, queryset, name, value):
        return queryset.filter(NotificationKind.q(value))
