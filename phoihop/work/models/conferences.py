from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from phoihop.core.models import BaseModel
from phoihop.core.validators import HAPPENED
from phoihop.work.choices import ConferenceKind


class ReviewConference(BaseModel):
    """An interim or final review conference (hội nghị sơ kết / tổng kết) of an agreement."""

    agreement = models.ForeignKey(
        "orgs.Agreement", verbose_name=_("agreement"), on_delete=models.PROTECT, related_name="conferences"
    )
    kind = models.CharField(_("kind"), max_length=10, choices=ConferenceKind.choices, default=ConferenceKind.INTERIM)
    held_on = models.DateField(_("date"), validators=HAPPENED)
    level = models.CharField(_("level"), max_length=100, blank=True)
    period_from = models.DateField(_("period from"), null=True, blank=True)
    period_to = models.DateField(_("period to"), null=True, blank=True)
    participants_count = models.PositiveIntegerField(_("participants"), default=0)
    participants = models.TextField(_("participating units"), blank=True)
    summary = models.TextField(_("summary"), blank=True)

    access_org_field = "agreement__owner"
    access_participant_fields = ("agreement__parties",)
    search_fields = ("agreement__number", "agreement__title", "summary")
    attachments_enabled = True

    class Meta:
        verbose_name = _("review conference")
        verbose_name_plural = _("review conferences")
        ordering = ["-held_on"]
        indexes = [models.Index(fields=["held_on", "id"], name="conference_held")]  # the search picker's order

    def __str__(self):
        return f"{self.get_kind_display()} — {self.agreement.number} ({self.held_on:%d/%m/%Y})"

    def clean(self):
        if self.period_from and self.period_to and self.period_to < self.period_from:
            from django.core.exceptions import ValidationError

            raise ValidationError({"period_to": _("The end date must not be before the start date.")})


class Conclusion(BaseModel):
    """A numbered conclusion of a review conference; it becomes a task in one step."""

    conference = models.ForeignKey(
        ReviewConference, verbose_name=_("conference"), on_delete=models.CASCADE, related_name="conclusions"
    )
    number = models.PositiveSmallIntegerField(_("number"))
    text = models.TextField(_("conclusion"))

    access_org_field = "conference__agreement__owner"
    access_participant_fields = ("conference__agreement__parties",)
    search_fields = ("text",)

    class Meta:
        verbose_name = _("conclusion")
        verbose_name_plural = _("conclusions")
        ordering = ["conference", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["conference", "number"], condition=Q(deleted_at__isnull=True), name="conclusion_unique_number"
            )
        ]

    def __str__(self):
        return f"{self.number}. {self.text[:80]}"
