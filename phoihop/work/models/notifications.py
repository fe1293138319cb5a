from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from phoihop.work.choices import ReminderKind


class Notification(models.Model):
    """An in-app notification for one user (read/unread); e-mailed unless the user turned e-mail off."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications")
    task = models.ForeignKey("work.Task", on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    title = models.CharField(_("title"), max_length=300)
    body = models.TextField(_("content"), blank=True)
    url = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)
    emailed_at = models.DateTimeField(_("e-mailed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["user", "read_at"])]

    def __str__(self):
        return self.title

    # --- what the list prints (``work.views.notifications.my_notifications`` annotates ``task_readable``) -----
    @property
    def readable(self) -> bool:
        return getattr(self, "task_readable", True)

    @property
    def shown_title(self):
        return self.title if self.readable else _("A notification about a task you may no longer open")

    @property
    def shown_body(self):
        return self.body if self.readable else ""

    @property
    def shown_url(self):
        return self.url if self.readable else ""


class ReminderLog(models.Model):
    """One reminder sent for a task. The unique constraint makes each reminder happen exactly once, even when
    the daily job runs twice or on two workers at the same time. An "urged" reminder (đôn đốc) is sent by a user
    (``sent_by``), its ``deadline`` is the day it was sent (once a day per task) and its ``recipients`` the units
    urged (the users are told after the commit, ``work.notify``)."""

    task = models.ForeignKey("work.Task", on_delete=models.CASCADE, related_name="reminders")
    kind = models.CharField(_("kind"), max_length=20, choices=ReminderKind.choices)
    deadline = models.DateField(_("deadline"))
    sent_at = models.DateTimeField(_("sent at"), auto_now_add=True)
    recipients = models.PositiveIntegerField(_("recipients"), default=0)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("sent by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("reminder")
        verbose_name_plural = _("reminders")
        constraints = [models.UniqueConstraint(fields=["task", "kind", "deadline"], name="reminder_once")]

    def __str__(self):
        return f"{self.task} — {self.get_kind_display()}"
