"""People of cadre work (cán bộ, đảng viên) and what their records hold: the positions they held and the training
and fostering courses they took. All of it is personal data (ethnicity is sensitive data under Luật Bảo vệ dữ liệu
cá nhân 91/2025/QH15): readable only through a membership with the personal-data permission over the owning
organisation's subtree; counted (``Action.COUNT``) under the ordinary rule, never named.

* ``Person`` — owned by their current organisation; birth date, sex, ethnic group, home commune (and village),
  party admission and official membership, education and political theory levels.
* ``PositionHolding`` — a position held in an organisation from a date to a date (empty: still held). Recorded
  through ``services.position_holding_record``, which closes the person's previous open position there.
* ``TrainingCourse`` — a training or fostering course: its name, level, dates and institution.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from phoihop.cadres.choices import CourseLevel, Education, Gender, PoliticalTheory, age_on
from phoihop.cadres.models.common import commune_errors, period_errors
from phoihop.cadres.models.lists import EthnicGroup
from phoihop.core.models import BaseModel
from phoihop.core.validators import HAPPENED


class Person(BaseModel):
    """A cadre or party member, owned by the organisation they now work in."""

    organisation = models.ForeignKey(
        "orgs.Organisation", verbose_name=_("organisation"), on_delete=models.PROTECT, related_name="cadres_people"
    )
    full_name = models.CharField(_("full name"), max_length=150)
    birth_date = models.DateField(_("date of birth"), validators=HAPPENED)
    sex = models.CharField(_("sex"), max_length=8, choices=Gender.choices)
    ethnic_group = models.ForeignKey(
        EthnicGroup, verbose_name=_("ethnic group"), on_delete=models.PROTECT, related_name="people"
    )
    home_commune = models.ForeignKey(
        "orgs.Area",
        verbose_name=_("home commune"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="cadres_people",
        help_text=_("The commune or ward the person comes from (quê quán)."),
    )
    home_village = models.ForeignKey(
        "orgs.Area",
        verbose_name=_("home village"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    party_admitted_on = models.DateField(_("admitted to the Party on"), null=True, blank=True, validators=HAPPENED)
    party_official_on = models.DateField(_("official Party member since"), null=True, blank=True, validators=HAPPENED)
    education = models.CharField(_("education"), max_length=16, choices=Education.choices, blank=True)
    political_theory = models.CharField(
        _("political theory"), max_length=16, choices=PoliticalTheory.choices, blank=True
    )
    note = models.TextField(_("note"), blank=True)

    access_org_field = "organisation"
    access_personal_data = True
    search_fields = ("full_name",)

    class Meta:
        verbose_name = _("cadre")
        verbose_name_plural = _("cadres")
        ordering = ["full_name", "pk"]
        indexes = [models.Index(fields=["full_name", "id"], name="cadres_person_name")]

    def __str__(self):
        return self.full_name

    def clean(self):
        errors = {}
        commune_errors(
            errors,
            self.home_commune if self.home_commune_id else None,
            self.home_village if self.home_village_id else None,
            commune_field="home_commune",
            village_field="home_village",
        )
        if self.home_village_id and not self.home_commune_id:
            errors["home_commune"] = _("Give the commune of the village.")
        admitted, official = self.party_admitted_on, self.party_official_on
        if official and not admitted:
            errors["party_admitted_on"] = _("Give the date of admission to the Party.")
        elif admitted and official and official < admitted:
            errors["party_official_on"] = _("Official membership cannot come before admission to the Party.")
        if admitted and self.birth_date and admitted <= self.birth_date:
            errors["party_admitted_on"] = _("Admission to the Party cannot come before the date of birth.")
        if errors:
            raise ValidationError(errors)

    def age(self, day=None) -> int | None:
        """Completed years of age on ``day`` (today by default)."""
        return age_on(self.birth_date, day or timezone.localdate())

    @property
    def is_local_province(self) -> bool:
        """Whether the person comes from the province their organisation works in (``orgs.selectors.province_of``,
        read for every organisation at once from ``orgs.provinces.organisation_province_codes``, so a list of people
        costs no query per row; ``PHOIHOP_PROVINCE_CODE`` for an organisation without a province): their home
        commune lies in it, directly or under an abolished district. ``cadres.selectors.local_province_q`` is the
        same rule for a queryset."""
        from phoihop.orgs.provinces import PROVINCE_KINDS, organisation_province_codes

        if not self.home_commune_id:
            return False
        code = organisation_province_codes().get(self.organisation_id) or settings.PHOIHOP_PROVINCE_CODE
        area = self.home_commune.parent
        for _level in range(2):  # the province, or an abolished district and its province
            if area is None:
                return False
            if area.code == code and area.kind in PROVINCE_KINDS:
                return True
            area = area.parent
        return False

    @property
    def is_local_commune(self) -> bool:
        """Whether the person comes from a commune their organisation is responsible for (người địa phương)."""
        if not self.home_commune_id or not self.organisation_id:
            return False
        return self.organisation.areas.filter(pk=self.home_commune_id).exists()


class PositionHolding(BaseModel):
    """A position a person held in an organisation, effective from one date to another (empty: still held)."""

    person = models.ForeignKey(Person, verbose_name=_("cadre"), on_delete=models.CASCADE, related_name="positions")
    organisation = models.ForeignKey(
        "orgs.Organisation",
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="cadres_position_holdings",
    )
    title = models.CharField(_("position"), max_length=200, help_text=_("e.g. Chính trị viên đồn"))
    from_date = models.DateField(_("from"))
    to_date = models.DateField(_("to"), null=True, blank=True, help_text=_("Empty: still held."))

    access_org_field = "person__organisation"
    access_personal_data = True
    search_fields = ("person__full_name", "title", "organisation__name")

    class Meta:
        verbose_name = _("position held")
        verbose_name_plural = _("positions held")
        ordering = ["person", "-from_date", "-pk"]
        indexes = [models.Index(fields=["person", "from_date", "id"], name="cadres_position_person")]

    def __str__(self):
        return f"{self.person} — {self.title}"

    @property
    def is_current(self) -> bool:
        return self.to_date is None

    def clean(self):
        errors = {}
        period_errors(errors, self.from_date, self.to_date)
        if errors:
            raise ValidationError(errors)


class TrainingCourse(BaseModel):
    """A training or fostering course a person took (đào tạo, bồi dưỡng)."""

    person = models.ForeignKey(
        Person, verbose_name=_("cadre"), on_delete=models.CASCADE, related_name="training_courses"
    )
    name = models.CharField(_("course"), max_length=300)
    level = models.CharField(_("course level"), max_length=16, choices=CourseLevel.choices)
    from_date = models.DateField(_("from"))
    to_date = models.DateField(_("to"), null=True, blank=True)
    institution = models.CharField(_("institution"), max_length=300, blank=True)

    access_org_field = "person__organisation"
    access_personal_data = True
    search_fields = ("person__full_name", "name", "institution")

    class Meta:
        verbose_name = _("training course")
        verbose_name_plural = _("training courses")
        ordering = ["-from_date", "-pk"]
        indexes = [models.Index(fields=["from_date", "id"], name="cadres_course_from")]

    def __str__(self):
        return f"{self.person} — {self.name}"

    def clean(self):
        errors = {}
        period_errors(errors, self.from_date, self.to_date)
        if errors:
            raise ValidationError(errors)
