from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from phoihop.core.models import LIVE, BaseModel
from phoihop.core.validators import HAPPENED
from phoihop.movements.models.common import VND


class Twinning(BaseModel):
    """A twinning (kết nghĩa) of an organisation — usually a border post — with a partner organisation (a
    commune's party committee, a school, an agency) or with a village."""

    organisation = models.ForeignKey(
        "orgs.Organisation", verbose_name=_("organisation"), on_delete=models.PROTECT, related_name="twinnings"
    )
    partner_organisation = models.ForeignKey(
        "orgs.Organisation",
        verbose_name=_("partner organisation"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="partner_twinnings",
    )
    partner_village = models.ForeignKey(
        "orgs.Area",
        verbose_name=_("partner village"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="twinnings",
    )
    started_on = models.DateField(_("twinned on"))
    ended_on = models.DateField(_("ended on"), null=True, blank=True)
    commitments = models.TextField(_("content and commitments"), blank=True)
    active = models.BooleanField(_("still active"), default=True)

    access_org_field = "organisation"
    access_participant_fields = ("partner_organisation",)
    search_fields = ("organisation__name", "partner_organisation__name", "partner_village__name", "commitments")

    class Meta:
        verbose_name = _("twinning")
        verbose_name_plural = _("twinnings")
        ordering = ["-started_on", "-pk"]
        indexes = [models.Index(fields=["started_on", "id"], name="twinning_started")]  # the search picker's order

    def __str__(self):
        return f"{self.organisation} ↔ {self.partner}"

    @property
    def partner(self):
        return self.partner_organisation or self.partner_village or "—"

    def clean(self):
        if self.partner_organisation_id and self.partner_village_id:
            raise ValidationError(
                {"partner_village": _("Give either a partner organisation or a partner village, not both.")}
            )
        if not self.partner_organisation_id and not self.partner_village_id:
            raise ValidationError({"partner_organisation": _("Give a partner organisation or a partner village.")})
        if self.partner_organisation_id and self.partner_organisation_id == self.organisation_id:
            raise ValidationError({"partner_organisation": _("An organisation cannot twin with itself.")})
        if self.started_on and self.ended_on and self.ended_on < self.started_on:
            raise ValidationError({"ended_on": _("The end date must not be before the start date.")})


class TwinningActivity(BaseModel):
    """An activity of a twinning: a visit, joint work, help with a harvest or a house, a gift."""

    twinning = models.ForeignKey(
        Twinning, verbose_name=_("twinning"), on_delete=models.CASCADE, related_name="activities"
    )
    held_on = models.DateField(_("date"), validators=HAPPENED)
    description = models.TextField(_("description"))
    participants_count = models.PositiveIntegerField(_("participants"), default=0)
    value_vnd = models.DecimalField(_("value (VND)"), **VND)

    access_org_field = "twinning__organisation"
    access_participant_fields = ("twinning__partner_organisation",)
    search_fields = ("description", "twinning__organisation__name")

    class Meta:
        verbose_name = _("twinning activity")
        verbose_name_plural = _("twinning activities")
        ordering = ["-held_on", "-pk"]
        indexes = [
            models.Index(fields=["-held_on", "-id"], condition=LIVE, name="movements_activity_order"),
        ]

    def __str__(self):
        text = self.description if len(self.description) <= 60 else self.description[:59] + "…"
        return f"{self.held_on:%d/%m/%Y} — {text}" if self.held_on else text

    def clean(self):
        twinning = self.twinning if self.twinning_id else None
        if twinning is None or self.held_on is None:
            return
        if self.held_on < twinning.started_on or (twinning.ended_on and self.held_on > twinning.ended_on):
            raise ValidationError({"held_on": _("The date is outside the period of the twinning.")})
