"""Officers of the Border Guard working in local committees, and party members in charge of households.

* ``Secondment`` — an officer seconded from a border post (the sending unit, which owns the record) to a commune
  party committee or a key commune post (Kết luận 68-KL/TW 2020 and its commune-level form after the 2025 reform):
  the receiving committee, its level, the position, the decision (number, date, authority), the term, from–to.
* ``HouseholdAssignment`` — a party member in charge of households of a village (đảng viên phụ trách hộ gia đình,
  Chỉ thị 681 of the Border Guard Party Committee): how many households, from–to. Owned by the member's organisation.

Both name a person: personal data (``access_personal_data``), as the person's own record.
"""

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from phoihop.cadres.choices import CommitteeLevel, PlanTerm, SecondmentPosition
from phoihop.cadres.models.common import decision_errors, period_errors
from phoihop.cadres.models.people import Person
from phoihop.core.models import BaseModel
from phoihop.core.validators import HAPPENED
from phoihop.orgs.choices import AreaKind


class Secondment(BaseModel):
    """An officer seconded from a Border Guard unit to a local party committee or post."""

    person = models.ForeignKey(Person, verbose_name=_("officer"), on_delete=models.PROTECT, related_name="secondments")
    sending_unit = models.ForeignKey(
        "orgs.Organisation",
        verbose_name=_("sending unit"),
        on_delete=models.PROTECT,
        related_name="cadres_secondments_sent",
        help_text=_("Normally the border post the officer belongs to."),
    )
    receiving_committee = models.ForeignKey(
        "orgs.Organisation",
        verbose_name=_("receiving committee"),
        on_delete=models.PROTECT,
        related_name="cadres_secondments_received",
        help_text=_("e.g. Đảng ủy xã Ba Sơn"),
    )
    committee_level = models.CharField(
        _("committee level"), max_length=10, choices=CommitteeLevel.choices, default=CommitteeLevel.COMMUNE
    )
    position = models.CharField(_("position"), max_length=20, choices=SecondmentPosition.choices)
    position_detail = models.CharField(
        _("position (details)"), max_length=200, blank=True, help_text=_("Required for another position.")
    )
    decision_number = models.CharField(_("decision number"), max_length=60, blank=True, help_text=_("e.g. 125-QĐ/TU"))
    decision_date = models.DateField(_("decision date"), null=True, blank=True, validators=HAPPENED)
    decision_authority = models.CharField(
        _("deciding authority"), max_length=255, blank=True, help_text=_("e.g. Ban Thường vụ Tỉnh ủy")
    )
    term = models.CharField(_("term"), max_length=9, choices=PlanTerm.choices, blank=True)
    from_date = models.DateField(_("from"))
    to_date = models.DateField(_("to"), null=True, blank=True, help_text=_("Empty: still seconded."))
    note = models.TextField(_("note"), blank=True)

    access_org_field = "sending_unit"
    access_personal_data = True
    search_fields = ("person__full_name", "receiving_committee__name", "position_detail", "decision_number")

    class Meta:
        verbose_name = _("secondment")
        verbose_name_plural = _("secondments")
        ordering = ["-from_date", "-pk"]
        indexes = [models.Index(fields=["from_date", "id"], name="cadres_secondment_from")]

    def __str__(self):
        return f"{self.person} — {self.receiving_committee}"

    def clean(self):
        errors = {}
        period_errors(errors, self.from_date, self.to_date)
        decision_errors(errors, self.decision_number, self.decision_date)
        if self.position == SecondmentPosition.OTHER and not self.position_detail:
            errors["position_detail"] = _("Name the position.")
        if self.sending_unit_id and self.sending_unit_id == self.receiving_committee_id:
            errors["receiving_committee"] = _("An officer is seconded to another organisation than their own unit.")
        if errors:
            raise ValidationError(errors)


class HouseholdAssignment(BaseModel):
    """A party member in charge of households of a village (Chỉ thị 681)."""

    person = models.ForeignKey(
        Person, verbose_name=_("party member"), on_delete=models.CASCADE, related_name="household_assignments"
    )
    village = models.ForeignKey(
        "orgs.Area", verbose_name=_("village"), on_delete=models.PROTECT, related_name="cadres_household_assignments"
    )
    households = models.PositiveIntegerField(_("households"), validators=[MinValueValidator(1)])
    from_date = models.DateField(_("from"))
    to_date = models.DateField(_("to"), null=True, blank=True, help_text=_("Empty: still in charge."))
    note = models.TextField(_("note"), blank=True)

    access_org_field = "person__organisation"
    access_personal_data = True
    search_fields = ("person__full_name", "village__name", "village__parent__name")

    class Meta:
        verbose_name = _("households in charge")
        verbose_name_plural = _("households in charge")
        ordering = ["-from_date", "-pk"]
        indexes = [models.Index(fields=["from_date", "id"], name="cadres_households_from")]

    def __str__(self):
        return f"{self.person} — {self.village}: {self.households}"

    def clean(self):
        errors = {}
        period_errors(errors, self.from_date, self.to_date)
        if self.village_id and self.village.kind != AreaKind.VILLAGE:
            errors["village"] = _("Choose a village.")
        if errors:
            raise ValidationError(errors)
