from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from phoihop.core.models import LIVE, BaseModel
from phoihop.core.validators import HAPPENED
from phoihop.work.choices import SessionForm


class Dissemination(BaseModel):
    """An organisation's duty to disseminate (quán triệt) a document by a deadline."""

    document = models.ForeignKey(
        "work.Document", verbose_name=_("document"), on_delete=models.CASCADE, related_name="disseminations"
    )
    organisation = models.ForeignKey(
        "orgs.Organisation", verbose_name=_("organisation"), on_delete=models.CASCADE, related_name="disseminations"
    )
    assigned_by = models.ForeignKey(
        "orgs.Organisation", verbose_name=_("assigned by"), on_delete=models.PROTECT, related_name="+"
    )
    deadline = models.DateField(_("deadline"), null=True, blank=True)
    clause = models.ForeignKey(
        "orgs.Clause",
        verbose_name=_("agreement clause"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="disseminations",
    )
    note = models.CharField(_("note"), max_length=255, blank=True)

    access_org_field = "organisation"
    access_participant_fields = ("assigned_by",)
    access_implements_fields = ("clause",)  # core.naming, rule 4
    access_classification_field = "document__classification"
    search_fields = ("document__number", "document__subject", "organisation__name")
    secret_content_fields = ("note",)  # refused under a document classified Mật or above (core.state_secrets)

    class Meta:
        verbose_name = _("dissemination duty")
        verbose_name_plural = _("dissemination duties")
        ordering = ["deadline", "organisation__name"]
        indexes = [
            models.Index(fields=["deadline"], condition=LIVE, name="work_dissemination_order"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["document", "organisation"],
                condition=Q(deleted_at__isnull=True),
                name="dissemination_unique",
                violation_error_message=_("This organisation already has to disseminate this document."),
            )
        ]

    def __str__(self):
        return f"{self.organisation} — {self.document}"


class DisseminationSession(BaseModel):
    """A session in which an organisation disseminated a document (quán triệt, triển khai)."""

    dissemination = models.ForeignKey(
        Dissemination, verbose_name=_("dissemination duty"), on_delete=models.CASCADE, related_name="sessions"
    )
    held_on = models.DateField(_("date"), validators=HAPPENED)
    form = models.CharField(_("form"), max_length=20, choices=SessionForm.choices, default=SessionForm.CONFERENCE)
    participants = models.PositiveIntegerField(_("participants"), default=0)
    expected = models.PositiveIntegerField(_("expected participants"), default=0)
    presided_by = models.CharField(_("presided by"), max_length=200, blank=True)
    plan_document = models.ForeignKey(
        "work.Document",
        verbose_name=_("implementation plan"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    note = models.TextField(_("note"), blank=True)

    access_org_field = "dissemination__organisation"
    access_participant_fields = ("dissemination__assigned_by",)
    access_classification_field = "dissemination__document__classification"
    search_fields = ("dissemination__document__number", "presided_by", "note")
    attachments_enabled = True
    secret_content_fields = ("presided_by", "note")  # under a document classified Mật or above: date and figures only

    class Meta:
        verbose_name = _("dissemination session")
        verbose_name_plural = _("dissemination sessions")
        ordering = ["-held_on"]
        indexes = [
            models.Index(fields=["-held_on", "-id"], condition=LIVE, name="work_dissem_session_order"),
        ]

    def __str__(self):
        return f"{self.dissemination} ({self.held_on:%d/%m/%Y})"
