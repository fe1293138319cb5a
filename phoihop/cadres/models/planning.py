"""Cadre planning (quy hoạch cán bộ, Quy định 50-QĐ/TW 2021 and Hướng dẫn 16-HD/BTCTW 2022).

* ``CadrePlan`` — a committee's plan for a planned title (e.g. Bí thư Tỉnh ủy) at a level for a term (2025–2030),
  with its decision and the structure targets in per cent of the planned people: under 40 (≥ 15 %), women
  (≥ 25 %), ethnic minorities and local people (suited to the locality). Not personal data.
* ``PlannedCadre`` — a person in a plan, with the decision that put them there, where they come from (local, from
  elsewhere, seconded), their cohort and age at the start of the term (computed from the birth date), and their
  removal: date, reason (over age, disciplined: proposed by the system; or by decision) and the removing decision.
  Personal data, owned by the planning committee.
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from phoihop.cadres.choices import (
    DEFAULT_UNDER_40_TARGET,
    DEFAULT_WOMEN_TARGET,
    UNDER_40_AGE,
    PlanLevel,
    PlannedSource,
    PlanTerm,
    RemovalReason,
    age_on,
    cohort_for_age,
    term_start,
)
from phoihop.cadres.models.common import decision_errors
from phoihop.cadres.models.people import Person
from phoihop.core.models import LIVE, BaseModel
from phoihop.core.validators import HAPPENED, PERCENT

TARGET = {"max_digits": 5, "decimal_places": 2, "validators": PERCENT}


class CadrePlan(BaseModel):
    """A committee's succession plan for one title and term."""

    organisation = models.ForeignKey(
        "orgs.Organisation",
        verbose_name=_("planning committee"),
        on_delete=models.PROTECT,
        related_name="cadre_plans",
    )
    term = models.CharField(_("term"), max_length=9, choices=PlanTerm.choices)
    title = models.CharField(_("planned title"), max_length=255, help_text=_("e.g. Bí thư Đảng ủy xã"))
    level = models.CharField(_("level"), max_length=10, choices=PlanLevel.choices)
    decision_number = models.CharField(_("decision number"), max_length=60, blank=True)
    decision_date = models.DateField(_("decision date"), null=True, blank=True, validators=HAPPENED)
    decision_authority = models.CharField(_("deciding authority"), max_length=255, blank=True)
    under_40_target = models.DecimalField(_("under 40 (target, %)"), default=DEFAULT_UNDER_40_TARGET, **TARGET)
    women_target = models.DecimalField(_("women (target, %)"), default=DEFAULT_WOMEN_TARGET, **TARGET)
    minority_target = models.DecimalField(
        _("ethnic minorities (target, %)"),
        null=True,
        blank=True,
        help_text=_("Suited to the locality's population."),
        **TARGET,
    )
    local_target = models.DecimalField(_("local people (target, %)"), null=True, blank=True, **TARGET)
    note = models.TextField(_("note"), blank=True)

    access_org_field = "organisation"
    search_fields = ("title", "organisation__name", "decision_number")

    class Meta:
        verbose_name = _("cadre plan")
        verbose_name_plural = _("cadre plans")
        ordering = ["-term", "title", "pk"]
        indexes = [
            models.Index(fields=["term", "title", "id"], name="cadres_plan_term"),
            models.Index(fields=["-term", "title", "id"], condition=LIVE, name="cadres_plan_order"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "term", "title"],
                condition=Q(deleted_at__isnull=True),
                name="cadres_plan_unique_title",
                violation_error_message=_("This committee already has a plan for this title and term."),
            )
        ]

    def __str__(self):
        return f"{self.title} ({self.get_term_display()})"

    @property
    def term_start(self):
        """The day ages are counted at (``choices.term_start``)."""
        return term_start(self.term) if self.term else None

    def clean(self):
        errors = {}
        decision_errors(errors, self.decision_number, self.decision_date)
        if errors:
            raise ValidationError(errors)


class PlannedCadre(BaseModel):
    """A person in a plan, until removed."""

    plan = models.ForeignKey(
        CadrePlan, verbose_name=_("cadre plan"), on_delete=models.CASCADE, related_name="planned_cadres"
    )
    person = models.ForeignKey(Person, verbose_name=_("cadre"), on_delete=models.PROTECT, related_name="plannings")
    decision_number = models.CharField(_("decision number"), max_length=60, blank=True)
    decision_date = models.DateField(_("decision date"), null=True, blank=True, validators=HAPPENED)
    decision_authority = models.CharField(_("deciding authority"), max_length=255, blank=True)
    source = models.CharField(
        _("origin of the cadre"), max_length=10, choices=PlannedSource.choices, default=PlannedSource.LOCAL
    )
    removed_on = models.DateField(_("removed from the plan on"), null=True, blank=True, validators=HAPPENED)
    removal_reason = models.CharField(_("reason for removal"), max_length=12, choices=RemovalReason.choices, blank=True)
    removal_decision = models.CharField(
        _("removal decision"), max_length=60, blank=True, help_text=_("The number of the decision removing the person.")
    )
    note = models.TextField(_("note"), blank=True)

    access_org_field = "plan__organisation"
    access_personal_data = True
    search_fields = ("person__full_name", "plan__title", "decision_number")

    class Meta:
        verbose_name = _("planned cadre")
        verbose_name_plural = _("planned cadres")
        ordering = ["plan", "pk"]
        indexes = [models.Index(fields=["plan", "id"], name="cadres_planned_plan")]
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "person"],
                condition=Q(deleted_at__isnull=True),
                name="cadres_planned_unique_person",
                violation_error_message=_("This person is already in the plan."),
            )
        ]

    def __str__(self):
        return f"{self.person} — {self.plan}"

    @property
    def is_removed(self) -> bool:
        return self.removed_on is not None

    @property
    def age_at_term_start(self) -> int | None:
        if not self.plan_id or not self.person_id:
            return None
        return age_on(self.person.birth_date, self.plan.term_start)

    @property
    def cohort(self):
        """The person's :class:`~phoihop.cadres.choices.AgeCohort` at the start of the term."""
        return cohort_for_age(self.age_at_term_start)

    @property
    def is_under_40(self) -> bool:
        age = self.age_at_term_start
        return age is not None and age < UNDER_40_AGE

    def clean(self):
        errors = {}
        decision_errors(errors, self.decision_number, self.decision_date)
        if self.removed_on and not self.removal_reason:
            errors["removal_reason"] = _("Give the reason for the removal.")
        elif self.removal_reason and not self.removed_on:
            errors["removed_on"] = _("Give the date of the removal.")
        if self.removal_reason == RemovalReason.BY_DECISION and not self.removal_decision:
            errors["removal_decision"] = _("Give the number of the decision removing the person.")
        if self.removal_decision and not self.removed_on:
            errors.setdefault("removed_on", _("Give the date of the removal."))
        if self.removed_on and self.decision_date and self.removed_on < self.decision_date:
            errors["removed_on"] = _("The removal cannot come before the person was put in the plan.")
        if errors:
            raise ValidationError(errors)
