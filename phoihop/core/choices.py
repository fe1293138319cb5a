from django.db import models
from django.utils.translation import gettext_lazy as _


class Classification(models.IntegerChoices):
    """State-secret levels. A user sees a record only if their clearance is at least its level."""

    UNCLASSIFIED = 0, _("Unclassified")
    CONFIDENTIAL = 1, _("Confidential")
    SECRET = 2, _("Secret")
    TOP_SECRET = 3, _("Top secret")


class Role(models.IntegerChoices):
    """Roles of a membership, ordered: each includes the rights of those below it."""

    VIEWER = 10, _("Viewer")
    REPORTER = 20, _("Reporter")
    APPROVER = 30, _("Approver")
    ADMIN = 40, _("Organisation admin")


class Action(models.TextChoices):
    VIEW = "view", _("view")
    COUNT = "count", _("count")
    ADD = "add", _("add")
    CHANGE = "change", _("change")
    DELETE = "delete", _("delete")
