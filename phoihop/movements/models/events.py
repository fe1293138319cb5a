from django.db import models
from django.utils.translation import gettext_lazy as _

from phoihop.core.models import LIVE, BaseModel
from phoihop.core.validators import HAPPENED
from phoihop.movements.models.common import VND, check_village


class TowardsBorderEvent(BaseModel):
    """An activity "towards the border" (hoạt động hướng về biên giới): a visit, a donation drive, a programme
    of agencies, schools or associations for the border communes and the forces guarding them."""

    title = models.CharField(_("title"), max_length=300)
    held_on = models.DateField(_("date"), validators=HAPPENED)
    organiser = models.ForeignKey(
        "orgs.Organisation", verbose_name=_("organiser"), on_delete=models.PROTECT, related_name="border_events"
    )
    co_organisers = models.ManyToManyField(
        "orgs.Organisation", verbose_name=_("co-organisers"), blank=True, related_name="co_organised_border_events"
    )
    commune = models.ForeignKey(
        "orgs.Area",
        verbose_name=_("commune"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="border_events",
    )
    village = models.ForeignKey(
        "orgs.Area", verbose_name=_("village"), on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    participants_count = models.PositiveIntegerField(_("participants"), default=0)
    contributions_vnd = models.DecimalField(_("contributions (VND)"), **VND)
    contribution_description = models.TextField(_("contributions in kind and works"), blank=True)
    note = models.TextField(_("note"), blank=True)

    access_org_field = "organiser"
    access_participant_fields = ("co_organisers",)
    search_fields = ("title", "commune__name", "village__name", "contribution_description", "note")
    attachments_enabled = True

    class Meta:
        verbose_name = _("towards-the-border activity")
        verbose_name_plural = _("towards-the-border activities")
        ordering = ["-held_on", "-pk"]
        indexes = [
            models.Index(fields=["-held_on", "-id"], condition=LIVE, name="movements_event_order"),
        ]

    def __str__(self):
        return f"{self.title} ({self.held_on:%d/%m/%Y})" if self.held_on else self.title

    def clean(self):
        check_village(self)
