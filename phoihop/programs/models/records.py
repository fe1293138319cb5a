"""Records that feed the indicators: forest plots, houses, resettlement, sponsored children.

People (the household of a house, a sponsored child) live in their own models marked ``access_personal_data``:
the gate shows them only to memberships holding the personal-data permission, while the house or sponsorship
and every total stay visible to the organisation's users.
"""

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from phoihop.core.models import LIVE, BaseModel
from phoihop.core.validators import HAPPENED, LATITUDE, LONGITUDE, NON_NEGATIVE, YEAR
from phoihop.programs.choices import Gender, HouseStatus, VillageKind
from phoihop.programs.models.programmes import VND, FundingSource, Programme


def _programme_fk(related_name):
    return models.ForeignKey(
        Programme,
        verbose_name=_("programme"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name=related_name,
    )


def _area_fk(verbose_name, related_name, blank=True):
    return models.ForeignKey(
        "orgs.Area",
        verbose_name=verbose_name,
        on_delete=models.PROTECT,
        null=blank,
        blank=blank,
        related_name=related_name,
    )


class ForestPlot(BaseModel):
    """A forest plot planted under a programme (Project 661 …), with its protection contract."""

    programme = _programme_fk("forest_plots")
    organisation = models.ForeignKey(
        "orgs.Organisation",
        verbose_name=_("reporting organisation"),
        on_delete=models.PROTECT,
        related_name="forest_plots",
    )
    code = models.CharField(_("plot code"), max_length=40, blank=True)
    commune = _area_fk(_("commune"), "forest_plots", blank=False)
    village = _area_fk(_("village"), "village_forest_plots")
    year_planted = models.PositiveSmallIntegerField(
        _("year planted"), validators=[MinValueValidator(1990), MaxValueValidator(2100)]
    )
    planted_on = models.DateField(
        _("planting finished on"),
        null=True,
        blank=True,
        help_text=_("Needed for monthly and quarterly figures; yearly figures use the year planted."),
    )
    area_ha = models.DecimalField(_("area (ha)"), max_digits=10, decimal_places=2, validators=[MinValueValidator(0)])
    species = models.CharField(_("species"), max_length=200, blank=True)
    households_contracted = models.PositiveIntegerField(_("households contracted for protection"), default=0)
    survival_pct = models.DecimalField(
        _("survival (%)"),
        max_digits=5,
        decimal_places=1,
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )
    latitude = models.DecimalField(
        _("latitude"), max_digits=9, decimal_places=6, null=True, blank=True, validators=LATITUDE
    )
    longitude = models.DecimalField(
        _("longitude"), max_digits=9, decimal_places=6, null=True, blank=True, validators=LONGITUDE
    )
    polygon = models.JSONField(
        _("boundary (GeoJSON)"), null=True, blank=True, help_text=_("A GeoJSON Polygon in WGS 84 (optional).")
    )
    note = models.TextField(_("note"), blank=True)

    access_org_field = "organisation"
    search_fields = ("code", "species", "commune__name", "village__name", "organisation__name")
    attachments_enabled = True

    class Meta:
        verbose_name = _("forest plot")
        verbose_name_plural = _("forest plots")
        ordering = ["-year_planted", "commune__name", "code"]
        indexes = [
            models.Index(fields=["-year_planted"], condition=LIVE, name="programs_forestplot_order"),
        ]

    def __str__(self):
        return f"{self.code or self.pk} — {self.commune} ({self.year_planted})"

    def clean(self):
        if self.planted_on and self.year_planted and self.planted_on.year != self.year_planted:
            raise ValidationError({"planted_on": _("The planting date must fall in the year planted.")})
        if (self.latitude is None) != (self.longitude is None):
            raise ValidationError({"longitude": _("Give both latitude and longitude, or neither.")})
        if self.polygon not in (None, ""):
            from phoihop.programs.geojson import parse_geojson, validate_polygon

            try:
                self.polygon = parse_geojson(self.polygon)
                validate_polygon(self.polygon)
            except ValidationError as error:
                raise ValidationError({"polygon": error.messages}) from None
        elif self.polygon == "":
            self.polygon = None


class House(BaseModel):
    """A house built for a poor household (Mái ấm cho người nghèo nơi biên giới, nhà Đại đoàn kết …)."""

    programme = _programme_fk("houses")
    organisation = models.ForeignKey(
        "orgs.Organisation",
        verbose_name=_("building organisation"),
        on_delete=models.PROTECT,
        related_name="houses",
    )
    commune = _area_fk(_("commune"), "houses", blank=False)
    village = _area_fk(_("village"), "village_houses")
    household_size = models.PositiveSmallIntegerField(_("people in the household"), default=0)
    status = models.CharField(_("status"), max_length=20, choices=HouseStatus.choices, default=HouseStatus.PLANNED)
    start_date = models.DateField(_("start date"), null=True, blank=True)
    handover_date = models.DateField(_("handover date"), null=True, blank=True, validators=HAPPENED)
    total_cost = models.DecimalField(_("total cost (VND)"), default=0, editable=False, validators=NON_NEGATIVE, **VND)
    latitude = models.DecimalField(
        _("latitude"), max_digits=9, decimal_places=6, null=True, blank=True, validators=LATITUDE
    )
    longitude = models.DecimalField(
        _("longitude"), max_digits=9, decimal_places=6, null=True, blank=True, validators=LONGITUDE
    )
    note = models.TextField(_("note"), blank=True)

    access_org_field = "organisation"
    search_fields = ("commune__name", "village__name", "organisation__name", "note")
    attachments_enabled = True

    class Meta:
        verbose_name = _("house")
        verbose_name_plural = _("houses")
        ordering = ["-start_date", "pk"]
        indexes = [
            models.Index(fields=["-start_date", "id"], condition=LIVE, name="programs_house_order"),
        ]

    def __str__(self):
        return _("House #%(number)s — %(place)s") % {"number": self.pk, "place": self.village or self.commune}

    def clean(self):
        if self.start_date and self.handover_date and self.handover_date < self.start_date:
            raise ValidationError({"handover_date": _("The handover date must not be before the start date.")})
        if self.status == HouseStatus.HANDED_OVER and not self.handover_date:
            raise ValidationError({"handover_date": _("A house handed over needs its handover date.")})
        if self.handover_date and self.status != HouseStatus.HANDED_OVER:
            raise ValidationError({"status": _("A house with a handover date has the status “handed over”.")})


class HouseFunding(BaseModel):
    """One funding source's contribution to a house (VND)."""

    house = models.ForeignKey(House, verbose_name=_("house"), on_delete=models.CASCADE, related_name="funding")
    source = models.ForeignKey(
        FundingSource, verbose_name=_("funding source"), on_delete=models.PROTECT, related_name="house_funding"
    )
    amount = models.DecimalField(_("amount (VND)"), validators=[MinValueValidator(0)], **VND)

    access_org_field = "house__organisation"
    search_fields = ("source__name",)

    class Meta:
        verbose_name = _("house funding")
        verbose_name_plural = _("house funding")
        ordering = ["house", "source"]

    def __str__(self):
        return f"{self.source}: {self.amount}"


class Household(BaseModel):
    """The household living in a house: personal data, visible only with the personal-data permission."""

    house = models.OneToOneField(House, verbose_name=_("house"), on_delete=models.CASCADE, related_name="household")
    head_name = models.CharField(_("head of household"), max_length=150)
    head_birth_year = models.PositiveSmallIntegerField(_("year of birth"), null=True, blank=True, validators=YEAR)
    ethnicity = models.CharField(_("ethnicity"), max_length=60, blank=True)
    identity_number = models.CharField(_("citizen identity number"), max_length=12, blank=True)
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    members = models.TextField(_("members"), blank=True, help_text=_("One member per line: name, year of birth."))

    access_org_field = "house__organisation"
    access_personal_data = True
    search_fields = ("head_name", "ethnicity")

    class Meta:
        verbose_name = _("household")
        verbose_name_plural = _("households")
        ordering = ["head_name"]
        indexes = [
            models.Index(fields=["head_name", "id"], condition=LIVE, name="programs_household_order"),
        ]

    def __str__(self):
        return self.head_name

    def clean(self):
        if self.identity_number and not (self.identity_number.isdigit() and len(self.identity_number) == 12):
            raise ValidationError({"identity_number": _("A citizen identity number has 12 digits.")})


class Resettlement(BaseModel):
    """People brought back to an old village or settled in a new one (đưa dân trở lại làng bản cũ …)."""

    programme = _programme_fk("resettlements")
    organisation = models.ForeignKey(
        "orgs.Organisation",
        verbose_name=_("reporting organisation"),
        on_delete=models.PROTECT,
        related_name="resettlements",
    )
    commune = _area_fk(_("commune"), "resettlements", blank=False)
    village = _area_fk(_("village"), "village_resettlements")
    village_kind = models.CharField(_("village"), max_length=10, choices=VillageKind.choices, default=VillageKind.OLD)
    households = models.PositiveIntegerField(_("households"))
    people = models.PositiveIntegerField(_("people"))
    date = models.DateField(_("date"))
    note = models.TextField(_("note"), blank=True)

    access_org_field = "organisation"
    search_fields = ("commune__name", "village__name", "organisation__name", "note")

    class Meta:
        verbose_name = _("resettlement")
        verbose_name_plural = _("resettlements")
        ordering = ["-date"]
        indexes = [
            models.Index(fields=["-date", "-id"], condition=LIVE, name="programs_resettlement_order"),
        ]

    def __str__(self):
        return f"{self.village or self.commune} — {self.households}"

    def clean(self):
        if self.households is not None and self.people is not None and self.people < self.households:
            raise ValidationError({"people": _("There cannot be fewer people than households.")})


class Sponsorship(BaseModel):
    """A child supported by a unit (Nâng bước em tới trường, Con nuôi đồn Biên phòng)."""

    programme = _programme_fk("sponsorships")
    sponsoring_unit = models.ForeignKey(
        "orgs.Organisation",
        verbose_name=_("sponsoring unit"),
        on_delete=models.PROTECT,
        related_name="sponsorships",
    )
    commune = _area_fk(_("commune"), "sponsorships")
    school = models.CharField(_("school"), max_length=200)
    grade = models.CharField(_("grade"), max_length=20, blank=True)
    monthly_support = models.DecimalField(_("monthly support (VND)"), validators=[MinValueValidator(0)], **VND)
    start_date = models.DateField(_("start date"))
    end_date = models.DateField(_("end date"), null=True, blank=True)
    note = models.TextField(_("note"), blank=True)

    access_org_field = "sponsoring_unit"
    search_fields = ("school", "sponsoring_unit__name", "commune__name")

    class Meta:
        verbose_name = _("sponsorship")
        verbose_name_plural = _("sponsorships")
        ordering = ["-start_date"]
        indexes = [
            models.Index(fields=["-start_date", "-id"], condition=LIVE, name="programs_sponsorship_order"),
        ]

    def __str__(self):
        return _("Sponsorship #%(number)s — %(school)s") % {"number": self.pk, "school": self.school}

    def clean(self):
        if self.start_date and self.end_date and self.end_date < self.start_date:
            raise ValidationError({"end_date": _("The end date must not be before the start date.")})


class SponsoredChild(BaseModel):
    """The child of a sponsorship: personal data, visible only with the personal-data permission."""

    sponsorship = models.OneToOneField(
        Sponsorship, verbose_name=_("sponsorship"), on_delete=models.CASCADE, related_name="child"
    )
    full_name = models.CharField(_("full name"), max_length=150)
    birth_date = models.DateField(_("date of birth"), null=True, blank=True)
    gender = models.CharField(_("gender"), max_length=10, choices=Gender.choices, blank=True)
    ethnicity = models.CharField(_("ethnicity"), max_length=60, blank=True)
    village = _area_fk(_("village"), "sponsored_children")
    guardian_name = models.CharField(_("parent or guardian"), max_length=150, blank=True)
    guardian_phone = models.CharField(_("guardian's phone"), max_length=20, blank=True)

    access_org_field = "sponsorship__sponsoring_unit"
    access_personal_data = True
    search_fields = ("full_name", "guardian_name")

    class Meta:
        verbose_name = _("sponsored child")
        verbose_name_plural = _("sponsored children")
        ordering = ["full_name"]
        indexes = [
            models.Index(fields=["full_name", "id"], condition=LIVE, name="programs_child_order"),
        ]

    def __str__(self):
        return self.full_name
