"""Situation notes (nắm tình hình): what a post learned of the situation in its area.

A note is written by a post; the post's superiors see it through the ordinary subtree gate, are told of it
(``security.notify``) and find it in "Việc cần xử lý" until one of them marks it read (``acknowledged_at``). A
follow-up task is opened from it in one step (``services.situation_note_follow_up``). Classified.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from phoihop.core.models import LIVE, BaseModel, ClassifiedMixin
from phoihop.core.validators import HAPPENED
from phoihop.security.choices import SourceReliability
from phoihop.security.models.cases import village_error
from phoihop.security.models.lists import CaseCategory


class SituationNote(ClassifiedMixin, BaseModel):
    """A short report by a post on the situation of its area, routed to the post's superiors."""

    post = models.ForeignKey(
        "orgs.Organisation", verbose_name=_("post"), on_delete=models.PROTECT, related_name="situation_notes"
    )
    noted_on = models.DateField(_("date"), validators=HAPPENED)
    category = models.ForeignKey(
        CaseCategory,
        verbose_name=_("case category"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="situation_notes",
    )
    commune = models.ForeignKey(
        "orgs.Area", verbose_name=_("commune"), on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    village = models.ForeignKey(
        "orgs.Area", verbose_name=_("village"), on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    marker = models.ForeignKey(
        "border.Marker",
        verbose_name=_("nearest marker"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="situation_notes",
    )
    assessment = models.TextField(_("assessment"), blank=True)
    source_reliability = models.CharField(
        _("source reliability"),
        max_length=16,
        choices=SourceReliability.choices,
        default=SourceReliability.UNCONFIRMED,
    )
    follow_up_task = models.ForeignKey(
        "work.Task",
        verbose_name=_("handling task"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="situation_notes",
    )
    acknowledged_at = models.DateTimeField(_("read by the superior on"), null=True, blank=True, editable=False)
    acknowledged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("read by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )

    access_org_field = "post"
    search_fields = ("post__name", "category__name", "commune__name", "village__name", "marker__number", "assessment")
    # classified Mật or above: a register entry (post, date, category, place, reliability) without the assessment
    secret_content_fields = ("assessment",)
    content_required_fields = ("assessment",)

    class Meta:
        verbose_name = _("situation note")
        verbose_name_plural = _("situation notes")
        ordering = ["-noted_on", "-pk"]
        indexes = [
            models.Index(fields=["-noted_on", "-id"], condition=LIVE, name="security_note_order"),
        ]

    def __str__(self):
        post = (self.post.short_name or self.post.name) if self.post_id else ""
        date = self.noted_on.strftime("%d/%m/%Y") if self.noted_on else ""
        label = " — ".join(part for part in (post, date) if part)
        return self.register_label() if self.is_register_entry else label

    def clean(self):
        errors = {}
        message = village_error(self.commune if self.commune_id else None, self.village if self.village_id else None)
        if message:
            errors["village"] = message
        if errors:
            raise ValidationError(errors)
