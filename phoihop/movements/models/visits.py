from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from phoihop.core.models import LIVE, BaseModel, ManagedList
from phoihop.core.validators import HAPPENED
from phoihop.movements.models.common import VND, check_village


class Occasion(ManagedList):
    """A managed list of holidays with visits and gifts: Tết Nguyên đán, Quốc khánh 2/9, the founding day of the
    People's Army (22/12), the All-People Border Defence Day (3/3), the Independence Tết of ethnic communities …"""

    class Meta(ManagedList.Meta):
        verbose_name = _("occasion")
        verbose_name_plural = _("occasions")


class HolidayVisit(BaseModel):
    """A visit with gifts on a holiday (thăm hỏi, tặng quà dịp lễ, Tết): to an organisation, a commune or a village
    and its households."""

    held_on = models.DateField(_("date"), validators=HAPPENED)
    occasion = models.ForeignKey(Occasion, verbose_name=_("occasion"), on_delete=models.PROTECT, related_name="visits")
    visiting_organisation = models.ForeignKey(
        "orgs.Organisation",
        verbose_name=_("visiting organisation"),
        on_delete=models.PROTECT,
        related_name="holiday_visits",
    )
    visited_organisation = models.ForeignKey(
        "orgs.Organisation",
        verbose_name=_("visited organisation"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="holiday_visits_received",
    )
    commune = models.ForeignKey(
        "orgs.Area",
        verbose_name=_("visited commune"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="holiday_visits",
    )
    village = models.ForeignKey(
        "orgs.Area",
        verbose_name=_("visited village"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    households_visited = models.PositiveIntegerField(_("households visited"), default=0)
    gifts_count = models.PositiveIntegerField(_("gifts"), default=0)
    value_vnd = models.DecimalField(_("value (VND)"), **VND)
    funding_source = models.ForeignKey(
        "programs.FundingSource",
        verbose_name=_("funding source"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="holiday_visits",
    )
    note = models.TextField(_("note"), blank=True)

    access_org_field = "visiting_organisation"
    access_participant_fields = ("visited_organisation",)
    search_fields = ("occasion__name", "visited_organisation__name", "commune__name", "village__name", "note")

    class Meta:
        verbose_name = _("holiday visit")
        verbose_name_plural = _("holiday visits")
        ordering = ["-held_on", "-pk"]
        indexes = [
            models.Index(fields=["-held_on", "-id"], condition=LIVE, name="movements_visit_order"),
        ]

    def __str__(self):
        visited = self.visited_organisation or self.village or self.commune or "—"
        day = f" ({self.held_on:%d/%m/%Y})" if self.held_on else ""
        return f"{self.occasion if self.occasion_id else '—'} — {visited}{day}"

    @property
    def visited(self):
        return self.visited_organisation or self.village or self.commune

    def clean(self):
        if not (self.visited_organisation_id or self.commune_id or self.village_id):
            raise ValidationError(
                {"visited_organisation": _("Give the visited organisation, commune or village (at least one).")}
            )
        check_village(self)
