from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from phoihop.core.models import LIVE, BaseModel, ManagedList
from phoihop.core.validators import HAPPENED


class OutreachTopic(ManagedList):
    """A managed list: results of demarcation and marker planting, the 2009 Protocol, the Law on Border Guard …"""

    class Meta(ManagedList.Meta):
        verbose_name = _("outreach topic")
        verbose_name_plural = _("outreach topics")


class EthnicLanguage(ManagedList):
    """A managed list of languages used in outreach: Kinh, Tày, Nùng, Dao, H'Mông, Sán Chay …"""

    class Meta(ManagedList.Meta):
        verbose_name = _("language")
        verbose_name_plural = _("languages")


class OutreachSession(BaseModel):
    """An outreach (tuyên truyền) session, organised by one or several organisations."""

    owner = models.ForeignKey(
        "orgs.Organisation", verbose_name=_("recorded by"), on_delete=models.PROTECT, related_name="outreach_owned"
    )
    organisers = models.ManyToManyField("orgs.Organisation", verbose_name=_("organisers"), related_name="outreach")
    held_on = models.DateField(_("date"), validators=HAPPENED)
    commune = models.ForeignKey(
        "orgs.Area", verbose_name=_("commune"), on_delete=models.PROTECT, related_name="outreach_sessions"
    )
    village = models.ForeignKey(
        "orgs.Area", verbose_name=_("village"), on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    topics = models.ManyToManyField(OutreachTopic, verbose_name=_("topics"), related_name="sessions")
    languages = models.ManyToManyField(EthnicLanguage, verbose_name=_("languages used"), related_name="sessions")
    audience = models.PositiveIntegerField(_("audience"))
    materials = models.CharField(_("materials distributed"), max_length=500, blank=True)
    materials_count = models.PositiveIntegerField(_("copies distributed"), default=0)
    clause = models.ForeignKey(
        "orgs.Clause",
        verbose_name=_("agreement clause"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="outreach_sessions",
    )
    note = models.TextField(_("note"), blank=True)

    access_org_field = "owner"
    access_participant_fields = ("organisers",)
    access_implements_fields = ("clause",)  # core.naming, rule 4
    search_fields = ("commune__name", "village__name", "materials", "note")
    attachments_enabled = True

    class Meta:
        verbose_name = _("outreach session")
        verbose_name_plural = _("outreach sessions")
        ordering = ["-held_on"]
        indexes = [
            models.Index(fields=["-held_on", "-id"], condition=LIVE, name="work_outreach_order"),
        ]

    def __str__(self):
        return f"{self.commune} — {self.held_on:%d/%m/%Y}"

    def clean(self):
        if self.village_id and self.commune_id and self.village.parent_id != self.commune_id:
            raise ValidationError({"village": _("The village must belong to the chosen commune.")})
