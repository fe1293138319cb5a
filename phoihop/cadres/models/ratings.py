"""The annual review and rating of party organisations and party members (Quy định 124-QĐ/TW 2023).

Each rating goes from the subject's self-assessment through the proposal to the decision of the deciding
organisation, at one of four levels (``choices.RatingLevel``). Within a comparable group — the same deciding
organisation, year and kind of subject (organisations or members) — those decided "hoàn thành xuất sắc nhiệm vụ"
are at most ``EXCELLENT_SHARE_OF_GOOD`` (20 %) of those decided "hoàn thành tốt nhiệm vụ": the deciding service
refuses a decision above it; the indexes ``cadres_*rating_group`` serve that count.

* ``OrganisationRating`` — a party organisation's rating, and whether it is recognised "trong sạch, vững mạnh"
  that year. Owned by the rated organisation; not personal data.
* ``MemberRating`` — a party member's rating; owned by the member's party organisation; personal data.
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from phoihop.cadres.choices import CLEAN_AND_STRONG_LEVELS, RatingLevel
from phoihop.cadres.models.common import decision_errors
from phoihop.cadres.models.people import Person
from phoihop.core.models import BaseModel
from phoihop.core.validators import HAPPENED, YEAR


class RatingBase(BaseModel):
    """What both kinds of rating hold: the year, the three levels, the decision and the discipline flag."""

    year = models.PositiveSmallIntegerField(_("year"), validators=YEAR)
    deciding_organisation = models.ForeignKey(
        "orgs.Organisation",
        verbose_name=_("deciding organisation"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("The party committee that decides the rating."),
    )
    self_rating = models.CharField(_("self-assessment"), max_length=16, choices=RatingLevel.choices, blank=True)
    proposed_level = models.CharField(_("proposed level"), max_length=16, choices=RatingLevel.choices, blank=True)
    decided_level = models.CharField(_("decided level"), max_length=16, choices=RatingLevel.choices, blank=True)
    decision_number = models.CharField(_("decision number"), max_length=60, blank=True)
    decision_date = models.DateField(_("decision date"), null=True, blank=True, validators=HAPPENED)
    disciplined = models.BooleanField(_("disciplined in the year"), default=False)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        abstract = True

    def clean(self):
        errors = {}
        if self.year and self.year > timezone.localdate().year:
            errors["year"] = _("A year still to come cannot be rated.")
        decision_errors(errors, self.decision_number, self.decision_date)
        if self.decided_level:
            if not self.decision_number:
                errors.setdefault("decision_number", _("A decided level needs the number of the decision."))
            if not self.deciding_organisation_id:
                errors["deciding_organisation"] = _("Name the organisation that decided the rating.")
        elif self.decision_number:
            errors["decided_level"] = _("Give the level the decision decided.")
        if self.decision_date and self.year and self.decision_date.year < self.year:
            errors["decision_date"] = _("The decision cannot come before the year it rates.")
        self.clean_subject(errors)
        if errors:
            raise ValidationError(errors)

    def clean_subject(self, errors):
        pass


class OrganisationRating(RatingBase):
    """A party organisation's annual rating."""

    organisation = models.ForeignKey(
        "orgs.Organisation",
        verbose_name=_("party organisation"),
        on_delete=models.PROTECT,
        related_name="cadres_ratings",
    )
    clean_and_strong = models.BooleanField(
        _("clean and strong"), default=False, help_text=_("Recognised \u201ctrong sạch, vững mạnh\u201d that year.")
    )

    access_org_field = "organisation"
    search_fields = ("organisation__name", "decision_number")

    class Meta:
        verbose_name = _("party organisation rating")
        verbose_name_plural = _("party organisation ratings")
        ordering = ["-year", "-pk"]
        indexes = [
            models.Index(fields=["year", "id"], name="cadres_orgrating_year"),
            models.Index(fields=["deciding_organisation", "year", "decided_level"], name="cadres_orgrating_group"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "year"],
                condition=Q(deleted_at__isnull=True),
                name="cadres_orgrating_unique_year",
                violation_error_message=_("This party organisation already has a rating for this year."),
            )
        ]

    def __str__(self):
        return f"{self.organisation} — {self.year}"

    def clean_subject(self, errors):
        if self.clean_and_strong and self.decided_level not in CLEAN_AND_STRONG_LEVELS:
            errors["clean_and_strong"] = _(
                "Only an organisation decided \u201cexcellently\u201d or \u201cwell completed the tasks\u201d is "
                "recognised clean and strong."
            )
        if self.deciding_organisation_id and self.deciding_organisation_id == self.organisation_id:
            errors["deciding_organisation"] = _("A party organisation does not decide its own rating.")


class MemberRating(RatingBase):
    """A party member's annual rating."""

    person = models.ForeignKey(Person, verbose_name=_("party member"), on_delete=models.PROTECT, related_name="ratings")
    organisation = models.ForeignKey(
        "orgs.Organisation",
        verbose_name=_("party organisation"),
        on_delete=models.PROTECT,
        related_name="cadres_member_ratings",
        help_text=_("The party organisation the member belongs to (the cell that reviews them)."),
    )

    access_org_field = "organisation"
    access_personal_data = True
    search_fields = ("person__full_name", "organisation__name", "decision_number")

    class Meta:
        verbose_name = _("party member rating")
        verbose_name_plural = _("party member ratings")
        ordering = ["-year", "-pk"]
        indexes = [
            models.Index(fields=["year", "id"], name="cadres_memrating_year"),
            models.Index(fields=["deciding_organisation", "year", "decided_level"], name="cadres_memrating_group"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["person", "year"],
                condition=Q(deleted_at__isnull=True),
                name="cadres_memrating_unique_year",
                violation_error_message=_("This party member already has a rating for this year."),
            )
        ]

    def __str__(self):
        return f"{self.person} — {self.year}"
