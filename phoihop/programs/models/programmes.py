from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from phoihop.core.choices import Role
from phoihop.core.models import LIVE, BaseModel, ManagedList
from phoihop.core.validators import NON_NEGATIVE, YEAR
from phoihop.programs.choices import Aggregation, IndicatorSource, PeriodType

VND = {"max_digits": 18, "decimal_places": 0}


class FundingSource(ManagedList):
    """A funding source (nguồn kinh phí): central budget, provincial budget, socialised contributions …"""

    class Meta(ManagedList.Meta):
        verbose_name = _("funding source")
        verbose_name_plural = _("funding sources")


class Programme(BaseModel):
    """A programme or project (chương trình, dự án): Project 661, homes for the poor on the border …

    The owner organisation maintains it; participating organisations read it and report its figures.
    """

    code = models.CharField(_("code"), max_length=30)
    name = models.CharField(_("name"), max_length=300)
    owner = models.ForeignKey(
        "orgs.Organisation", verbose_name=_("owner"), on_delete=models.PROTECT, related_name="owned_programmes"
    )
    investor = models.ForeignKey(
        "orgs.Organisation",
        verbose_name=_("investor"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="invested_programmes",
    )
    participants = models.ManyToManyField(
        "orgs.Organisation",
        verbose_name=_("participating organisations"),
        blank=True,
        related_name="programmes",
    )
    start_date = models.DateField(_("start date"))
    end_date = models.DateField(_("end date"), null=True, blank=True)
    reporting_from = models.DateField(
        _("figures reported from"),
        null=True,
        blank=True,
        help_text=_(
            "Periodic figures are expected for the periods ending on or after this day (e.g. when the programme "
            "started to be followed in phoihop). Empty: from the start date."
        ),
    )
    description = models.TextField(_("description"), blank=True)

    access_org_field = "owner"
    access_participant_fields = ("participants",)
    access_edit_role = Role.APPROVER
    search_fields = ("code", "name", "owner__name", "description")
    attachments_enabled = True

    class Meta:
        verbose_name = _("programme")
        verbose_name_plural = _("programmes")
        ordering = ["-start_date", "code"]
        indexes = [
            models.Index(fields=["name", "id"], name="programme_name"),  # the search picker's order
            models.Index(fields=["-start_date", "code"], condition=LIVE, name="programs_programme_order"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["code"],
                condition=Q(deleted_at__isnull=True),
                name="programme_unique_code",
                violation_error_message=_("A programme with this code already exists."),
            )
        ]

    def __str__(self):
        return self.name

    def clean(self):
        if self.start_date and self.end_date and self.end_date < self.start_date:
            raise ValidationError({"end_date": _("The end date must not be before the start date.")})
        if self.start_date and self.reporting_from and self.reporting_from < self.start_date:
            raise ValidationError({"reporting_from": _("Figures cannot be due before the programme starts.")})

    @property
    def reporting_start(self):
        """The first day whose periods owe periodic figures."""
        return self.reporting_from or self.start_date


class ProgrammeBudget(BaseModel):
    """Budget of a programme from one funding source (VND), for one year or the whole period."""

    programme = models.ForeignKey(
        Programme, verbose_name=_("programme"), on_delete=models.CASCADE, related_name="budgets"
    )
    source = models.ForeignKey(
        FundingSource, verbose_name=_("funding source"), on_delete=models.PROTECT, related_name="budgets"
    )
    year = models.PositiveSmallIntegerField(
        _("year"), null=True, blank=True, validators=YEAR, help_text=_("Empty: the whole period.")
    )
    amount = models.DecimalField(_("amount (VND)"), validators=NON_NEGATIVE, **VND)
    note = models.CharField(_("note"), max_length=300, blank=True)

    access_org_field = "programme__owner"
    access_participant_fields = ("programme__participants",)
    access_edit_role = Role.APPROVER
    search_fields = ("programme__name", "source__name", "note")

    class Meta:
        verbose_name = _("programme budget")
        verbose_name_plural = _("programme budgets")
        ordering = ["programme", "year", "source"]
        indexes = [
            models.Index(fields=["programme", "year"], condition=LIVE, name="programs_budget_order"),
        ]

    def __str__(self):
        return f"{self.programme} — {self.source} ({self.year or '…'})"


class Indicator(BaseModel):
    """An indicator of a programme (chỉ tiêu): what is counted, in which unit, how often it is reported."""

    programme = models.ForeignKey(
        Programme, verbose_name=_("programme"), on_delete=models.CASCADE, related_name="indicators"
    )
    code = models.CharField(_("code"), max_length=30)
    name = models.CharField(_("name"), max_length=300)
    unit = models.CharField(_("unit"), max_length=30, help_text=_("e.g. ha, houses, households, VND"))
    source = models.CharField(
        _("source of values"), max_length=30, choices=IndicatorSource.choices, default=IndicatorSource.MANUAL
    )
    period_type = models.CharField(
        _("reporting period"), max_length=10, choices=PeriodType.choices, default=PeriodType.MONTH
    )
    aggregation = models.CharField(
        _("aggregation"), max_length=10, choices=Aggregation.choices, default=Aggregation.SUM
    )
    decimals = models.PositiveSmallIntegerField(_("decimal places"), default=0)
    deadline_days = models.PositiveSmallIntegerField(_("reporting deadline (days after the period)"), default=5)
    sort_order = models.PositiveSmallIntegerField(_("sort order"), default=100)

    access_org_field = "programme__owner"
    access_participant_fields = ("programme__participants",)
    access_edit_role = Role.APPROVER
    search_fields = ("code", "name", "programme__name")

    class Meta:
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        ordering = ["programme", "sort_order", "code"]
        # the search picker's order: the indicators of a programme together, in their sort order
        indexes = [models.Index(fields=["programme", "sort_order", "code", "id"], name="indicator_order")]
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "code"],
                condition=Q(deleted_at__isnull=True),
                name="indicator_unique_code",
                violation_error_message=_("This programme already has an indicator with this code."),
            )
        ]

    def __str__(self):
        return f"{self.code} — {self.name} ({self.unit})"


class IndicatorTarget(BaseModel):
    """A target (chỉ tiêu kế hoạch) of an indicator for one year: for the whole programme or one organisation."""

    indicator = models.ForeignKey(
        Indicator, verbose_name=_("indicator"), on_delete=models.CASCADE, related_name="targets"
    )
    year = models.PositiveSmallIntegerField(_("year"), validators=YEAR)
    organisation = models.ForeignKey(
        "orgs.Organisation",
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="indicator_targets",
        help_text=_("Empty: the target of the whole programme."),
    )
    value = models.DecimalField(_("target"), max_digits=18, decimal_places=2, validators=NON_NEGATIVE)

    access_org_field = "indicator__programme__owner"
    access_participant_fields = ("indicator__programme__participants",)
    access_edit_role = Role.APPROVER
    search_fields = ("indicator__name", "indicator__code", "organisation__name")

    class Meta:
        verbose_name = _("indicator target")
        verbose_name_plural = _("indicator targets")
        ordering = ["indicator", "year", "organisation"]
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "year", "organisation"],
                condition=Q(deleted_at__isnull=True),
                name="indicatortarget_unique",
                violation_error_message=_("This indicator already has a target for this year and organisation."),
            ),
            models.UniqueConstraint(
                fields=["indicator", "year"],
                condition=Q(deleted_at__isnull=True, organisation__isnull=True),
                name="indicatortarget_unique_programme_wide",
                violation_error_message=_("This indicator already has a programme-wide target for this year."),
            ),
        ]

    def __str__(self):
        from django.utils.formats import number_format

        return f"{self.indicator.code} {self.year}: {number_format(self.value, use_l10n=True, force_grouping=True)}"
