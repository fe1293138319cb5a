from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class RelationKind(models.TextChoices):
    IMPLEMENTS = "implements", _("implements")
    REPLACES = "replaces", _("replaces")
    AMENDS = "amends", _("amends")


class SessionForm(models.TextChoices):
    CONFERENCE = "conference", _("Conference")
    CELL_MEETING = "cell_meeting", _("Integrated into a party cell meeting")
    ONLINE = "online", _("Online")
    STUDY = "study", _("Study session")
    OTHER = "other", _("Other")


class TaskStatus(models.TextChoices):
    NEW = "new", pgettext_lazy("task status", "New")
    IN_PROGRESS = "in_progress", _("In progress")
    SUBMITTED = "submitted", _("Submitted for acceptance")
    DONE = "done", _("Done")
    RETURNED = "returned", _("Returned")
    CANCELLED = "cancelled", _("Cancelled")


OPEN_STATUSES = (TaskStatus.NEW, TaskStatus.IN_PROGRESS, TaskStatus.SUBMITTED, TaskStatus.RETURNED)


class Priority(models.IntegerChoices):
    LOW = 1, _("Low")
    NORMAL = 2, _("Normal")
    HIGH = 3, _("High")
    URGENT = 4, _("Urgent")


class Recurrence(models.TextChoices):
    NONE = "", _("Does not repeat")
    MONTHLY = "monthly", _("Monthly")
    QUARTERLY = "quarterly", _("Quarterly")
    YEARLY = "yearly", _("Yearly")


class SourceKind(models.TextChoices):
    DIRECT = "direct", _("Direct assignment")
    DOCUMENT = "document", _("Document")
    CLAUSE = "clause", _("Agreement clause")
    CONCLUSION = "conclusion", _("Conference conclusion")


class UnitRole(models.TextChoices):
    LEAD = "lead", _("Lead unit")
    COORDINATING = "coordinating", _("Coordinating unit")


class TaskRole(models.TextChoices):
    """How a task concerns an organisation, for the task figures (``work.selectors.task_figures``)."""

    ANY = "any", _("Assigning, lead or coordinating")
    ASSIGNING = "assigning", _("Assigning organisation")
    LEAD = "lead", _("Lead unit")
    COORDINATING = "coordinating", _("Coordinating unit")


class UnitStatus(models.TextChoices):
    NOT_STARTED = "not_started", _("Not started")
    IN_PROGRESS = "in_progress", _("In progress")
    DONE = "done", _("Done")


class ExtensionStatus(models.TextChoices):
    PENDING = "pending", _("Pending")
    APPROVED = "approved", _("Approved")
    REFUSED = "refused", _("Refused")


class ConferenceKind(models.TextChoices):
    INTERIM = "interim", _("Interim review (sơ kết)")
    FINAL = "final", _("Final review (tổng kết)")


class ReminderKind(models.TextChoices):
    DUE_IN_7 = "due_7", _("Due in 7 days")
    DUE_IN_1 = "due_1", _("Due tomorrow")
    OVERDUE = "overdue", _("Overdue")
    ESCALATED_APPROVERS = "escalated_approvers", _("Escalated to the assigning organisation's approvers")
    ESCALATED_PARENT = "escalated_parent", _("Escalated to the parent organisation")
    URGED = "urged", _("Urged by the assigning organisation")
