from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from phoihop.core.models import LIVE, BaseModel
from phoihop.core.validators import NON_NEGATIVE
from phoihop.programs.choices import EDITABLE_FIGURE_STATUSES, FigureStatus, PeriodType
from phoihop.programs.models.programmes import Indicator
from phoihop.programs.periods import period_start_of


class PeriodicFigure(BaseModel):
    """One organisation's value of one indicator for one period (số liệu định kỳ).

    Draft → submitted → approved by an approver of a parent organisation → locked. An approved or locked value
    changes only after an approver reopens it, with a reason (kept in the history). State changes go through
    ``phoihop.programs.services``.
    """

    indicator = models.ForeignKey(
        Indicator, verbose_name=_("indicator"), on_delete=models.PROTECT, related_name="figures"
    )
    organisation = models.ForeignKey(
        "orgs.Organisation",
        verbose_name=_("reporting organisation"),
        on_delete=models.PROTECT,
        related_name="periodic_figures",
    )
    period_type = models.CharField(_("period type"), max_length=10, choices=PeriodType.choices)
    period_start = models.DateField(_("period"), help_text=_("The first day of the month, quarter or year."))
    value = models.DecimalField(
        _("value"), max_digits=18, decimal_places=2, null=True, blank=True, validators=NON_NEGATIVE
    )
    computed = models.BooleanField(_("computed from records"), default=False)
    status = models.CharField(
        _("status"), max_length=10, choices=FigureStatus.choices, default=FigureStatus.DRAFT, editable=False
    )
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True, editable=False)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("submitted by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True, editable=False)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("approved by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )
    locked_at = models.DateTimeField(_("locked at"), null=True, blank=True, editable=False)
    status_reason = models.TextField(
        _("reason"), blank=True, editable=False, help_text=_("Why the value was returned or reopened.")
    )
    note = models.TextField(_("note"), blank=True)

    access_org_field = "organisation"
    # The programme's owner (e.g. the provincial command) reads every figure of its programmes.
    access_participant_fields = ("indicator__programme__owner",)
    search_fields = ("indicator__code", "indicator__name", "organisation__name", "note")

    class Meta:
        verbose_name = _("periodic figure")
        verbose_name_plural = _("periodic figures")
        ordering = ["-period_start", "indicator", "organisation__name"]
        indexes = [
            models.Index(fields=["-period_start"], condition=LIVE, name="programs_figure_order"),
            models.Index(fields=["organisation", "-period_start"], condition=LIVE, name="programs_figure_org_order"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "organisation", "period_start"],
                condition=Q(deleted_at__isnull=True),
                name="periodicfigure_unique",
                violation_error_message=_("This organisation already has a value of this indicator for this period."),
            )
        ]

    def __str__(self):
        return f"{self.indicator.code} — {self.organisation} — {self.period_label}"

    @property
    def period_label(self) -> str:
        from phoihop.programs.periods import period_label

        return period_label(self.period_type, self.period_start)

    @property
    def is_editable(self) -> bool:
        return self.status in EDITABLE_FIGURE_STATUSES

    def clean(self):
        if self.indicator_id and not self.period_type:
            self.period_type = self.indicator.period_type
        if self.indicator_id and self.period_type != self.indicator.period_type:
            raise ValidationError(
                {
                    "period_type": _("The indicator is reported by %(period)s.")
                    % {"period": self.indicator.get_period_type_display().lower()}
                }
            )
        if (
            self.period_start
            and self.period_type
            and period_start_of(self.period_type, self.period_start) != (self.period_start)
        ):
            raise ValidationError(
                {"period_start": _("A period starts on the first day of its month, quarter or year.")}
            )
        if self.indicator_id and self.value is not None:
            places = self.indicator.decimals or 0
            if self.value != round(self.value, places):
                if places:
                    message = _("This indicator is counted with at most %(places)s decimal places (%(unit)s).")
                else:
                    message = _("This indicator is counted in whole numbers (%(unit)s).")
                raise ValidationError(
                    {"value": message % {"places": places, "unit": self.indicator.unit or "—"}}, code="decimals"
                )


class FigureReminderKind(models.TextChoices):
    DUE = "due", _("Reporting deadline near")
    OVERDUE = "overdue", _("Reporting deadline passed")


class FigureReminderLog(models.Model):
    """One reminder sent to an organisation about one indicator's value for one period. The unique constraint
    makes each reminder happen exactly once, even when the daily job runs twice or on two workers at once."""

    organisation = models.ForeignKey(
        "orgs.Organisation", verbose_name=_("organisation"), on_delete=models.CASCADE, related_name="+"
    )
    indicator = models.ForeignKey(
        Indicator, verbose_name=_("indicator"), on_delete=models.CASCADE, related_name="reminders"
    )
    period_start = models.DateField(_("period"))
    kind = models.CharField(_("kind"), max_length=10, choices=FigureReminderKind.choices)
    deadline = models.DateField(_("deadline"))
    sent_at = models.DateTimeField(_("sent at"), auto_now_add=True)
    recipients = models.PositiveIntegerField(_("recipients"), default=0)

    class Meta:
        verbose_name = _("figure reminder")
        verbose_name_plural = _("figure reminders")
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "indicator", "period_start", "kind"], name="figure_reminder_once"
            )
        ]

    def __str__(self):
        return f"{self.indicator.code} — {self.organisation} — {self.period_start} — {self.get_kind_display()}"
