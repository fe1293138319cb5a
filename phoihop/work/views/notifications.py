"""My notifications: the list (unread first), opening one, marking one or all as read.

A user only ever reaches their own notifications: every query starts from ``user=request.user`` and another
user's id answers 404, exactly like an id that does not exist. Opening a notification follows its link only
when it is a local path and its task is still visible through the access gate; otherwise the user lands back
on the list.
"""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.paginator import Paginator
from django.db.models import BooleanField, Exists, ExpressionWrapper, OuterRef, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views import View

from phoihop.work.models import Notification, Task
from phoihop.work.services import notifications_mark_read

PER_PAGE = 25
SHOW = ("unread", "all")


def my_notifications(user):
    """The user's own notifications, unread first, newest first within each group. ``task_readable``: whether
    the user may still open the notification's task (``Notification.shown_title``): a task raised above their
    clearance or moved out of their scope after the notification was written is no longer named by it."""
    unread = ExpressionWrapper(Q(read_at__isnull=True), output_field=BooleanField())
    readable = ExpressionWrapper(
        Q(task__isnull=True) | Q(Exists(Task.objects.restrict(user).filter(pk=OuterRef("task_id")))),
        output_field=BooleanField(),
    )
    return (
        Notification.objects.filter(user=user)
        .annotate(is_unread=unread, task_readable=readable)
        .order_by("-is_unread", "-created_at", "-pk")
    )


def unread_count(user) -> int:
    """Unread notifications of ``user`` (for the navbar badge); 0 for anonymous users."""
    if not getattr(user, "is_authenticated", False):
        return 0
    return Notification.objects.filter(user=user, read_at__isnull=True).count()


def is_local_path(url) -> bool:
    """A path on this site ("/work/tasks/7/"), never a scheme or a host ("//evil.example", "https://…")."""
    return bool(url) and url.startswith("/") and url_has_allowed_host_and_scheme(url, allowed_hosts=None)


def _back_to_list(request):
    target = request.POST.get("next", "")
    return redirect(target if is_local_path(target) else reverse("work:notification_list"))


class NotificationListView(LoginRequiredMixin, View):
    def get(self, request):
        show = request.GET.get("show") if request.GET.get("show") in SHOW else "all"
        notifications = my_notifications(request.user)
        if show == "unread":
            notifications = notifications.filter(read_at__isnull=True)
        page = Paginator(notifications, PER_PAGE).get_page(request.GET.get("page"))
        return render(
            request,
            "work/notifications.html",
            {"page": page, "show": show, "unread_count": unread_count(request.user)},
        )


class NotificationReadView(LoginRequiredMixin, View):
    """GET: open the notification (mark it read, follow its link); POST: mark it read and stay on the list."""

    def get_object(self, request, pk):
        return get_object_or_404(Notification, pk=pk, user=request.user)

    def get(self, request, pk):
        notification = self.get_object(request, pk)
        notifications_mark_read(acting_user=request.user, pk=notification.pk)
        url = notification.url
        if not is_local_path(url):
            return redirect("work:notification_list")
        if notification.task_id and not Task.objects.restrict(request.user).filter(pk=notification.task_id).exists():
            messages.warning(request, _("The task of this notification is no longer available to you."))
            return redirect("work:notification_list")
        return redirect(url)

    def post(self, request, pk):
        notification = self.get_object(request, pk)
        notifications_mark_read(acting_user=request.user, pk=notification.pk)
        return _back_to_list(request)


class NotificationReadAllView(LoginRequiredMixin, View):
    def post(self, request):
        count = notifications_mark_read(acting_user=request.user)
        if count:
            messages.success(request, _("All notifications are marked as read."))
        return _back_to_list(request)


urlpatterns = [
    path("notifications/", NotificationListView.as_view(), name="notification_list"),
    path("notifications/<int:pk>/read/", NotificationReadView.as_view(), name="notification_read"),
    path("notifications/read-all/", NotificationReadAllView.as_view(), name="notification_read_all"),
]
