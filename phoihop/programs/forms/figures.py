"""Forms of the periodic figures: the record form, the reason of a return/reopening, the data-entry page,
the approval queue's filter and the completeness page."""

import datetime
import re

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from phoihop.core.access import allowed_organisations
from phoihop.core.choices import Role
from phoihop.core.forms import BaseModelForm, DateInput, MarkInvalidMixin, style_widgets
from phoihop.core.pickers import PickerFormMixin
from phoihop.orgs.models import Organisation
from phoihop.programs.choices import PeriodType
from phoihop.programs.models import PeriodicFigure, Programme
from phoihop.programs.periods import period_start_of

MAX_PERIODS = 60  # the completeness table's width


class PeriodicFigureForm(BaseModelForm):
    """One value. Its status changes only through the workflow actions; the period type follows the
    indicator."""

    class Meta:
        model = PeriodicFigure
        fields = ["indicator", "organisation", "period_start", "value", "note"]
        widgets = {"note": forms.Textarea(attrs={"rows": 2})}
        help_texts = {"period_start": _("Any day of the period (it is saved as the period's first day).")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["indicator"].queryset = self.fields["indicator"].queryset.select_related("programme")
        self.fields["organisation"].queryset = self.fields["organisation"].queryset.order_by("path")

    def clean(self):
        cleaned = super().clean()
        indicator, day = cleaned.get("indicator"), cleaned.get("period_start")
        if indicator is not None:
            # The period type follows the indicator, and any day of the period identifies it.
            self.instance.period_type = indicator.period_type
            if day is not None:
                cleaned["period_start"] = period_start_of(indicator.period_type, day)
        return cleaned


class ReasonForm(MarkInvalidMixin, forms.Form):
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        style_widgets(self)


# --- periods typed by people -------------------------------------------------------------------------------

ROMAN = {"I": 1, "II": 2, "III": 3, "IV": 4}


def parse_period(text, period_type) -> datetime.date:
    """The first day of the period written as ``dd/mm/yyyy`` (any day of it), ``mm/yyyy``, ``yyyy-mm``,
    ``Q3/2025`` (or ``III/2025``; ``3/2025`` is a month, so the quarter containing March) or ``2025``;
    ``ValueError`` when it is none of these."""
    text = (text or "").strip().upper().replace(" ", "")
    day = None
    if m := re.fullmatch(r"(\d{1,2})/(\d{1,2})/(\d{4})", text):
        day = datetime.date(int(m[3]), int(m[2]), int(m[1]))
    elif m := re.fullmatch(r"(\d{4})-(\d{1,2})-(\d{1,2})", text):
        day = datetime.date(int(m[1]), int(m[2]), int(m[3]))
    elif m := re.fullmatch(r"(\d{1,2})/(\d{4})", text):
        day = datetime.date(int(m[2]), int(m[1]), 1)
    elif m := re.fullmatch(r"(\d{4})-(\d{1,2})", text):
        day = datetime.date(int(m[1]), int(m[2]), 1)
    elif m := re.fullmatch(r"(?:Q|QUÝ)?(I|II|III|IV|[1-4])/(\d{4})", text.replace("QUY", "Q")):
        quarter = ROMAN.get(m[1]) or int(m[1])
        day = datetime.date(int(m[2]), 3 * (quarter - 1) + 1, 1)
    elif re.fullmatch(r"\d{4}", text):
        day = datetime.date(int(text), 1, 1)
    if day is None or not 1900 <= day.year <= 2100:
        raise ValueError(text)
    return period_start_of(period_type, day)


def period_hint():
    return _("dd/mm/yyyy (any day of the period), mm/yyyy, Q3/2025 or 2025")


class PeriodField(forms.CharField):
    """A period written as text; ``clean`` keeps the text, the form turns it into the period's first day."""

    def __init__(self, **kwargs):
        kwargs.setdefault("label", _("Reporting period"))
        kwargs.setdefault("widget", forms.TextInput(attrs={"placeholder": "07/2025", "list": "period-choices"}))
        kwargs.setdefault("help_text", period_hint())
        super().__init__(**kwargs)


def _clean_period(form, field="period", type_field="period_type"):
    text, period_type = form.cleaned_data.get(field), form.cleaned_data.get(type_field)
    if text and period_type:
        try:
            form.cleaned_data["period_start"] = parse_period(text, period_type)
        except ValueError:
            form.add_error(field, _("Enter the period as %(hint)s.") % {"hint": period_hint()})


def recent_periods(today=None):
    """(value, label) suggestions for the period box: the last 12 months, 8 quarters and 5 years."""
    from phoihop.programs.periods import period_label, previous_period

    today = today or timezone.localdate()
    result = []
    for period_type, count in ((PeriodType.MONTH, 12), (PeriodType.QUARTER, 8), (PeriodType.YEAR, 5)):
        start = period_start_of(period_type, today)
        for _i in range(count):
            if period_type == PeriodType.MONTH:
                value = start.strftime("%m/%Y")
            elif period_type == PeriodType.QUARTER:
                value = f"Q{(start.month - 1) // 3 + 1}/{start.year}"
            else:
                value = str(start.year)
            result.append((value, period_label(period_type, start)))
            start = previous_period(period_type, start)
    return result


# --- the data-entry page -----------------------------------------------------------------------------------


class EntrySelectForm(PickerFormMixin, MarkInvalidMixin, forms.Form):
    """Which grid to show: the organisation (those the user reports for), the programme, the period."""

    organisation = forms.ModelChoiceField(queryset=Organisation.objects.none(), label=_("Reporting organisation"))
    programme = forms.ModelChoiceField(queryset=None, label=_("Programme"))
    period_type = forms.ChoiceField(choices=PeriodType.choices, label=_("Period type"))
    period = PeriodField()

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = allowed_organisations(user, Role.REPORTER).order_by("path")
        self.fields["programme"].queryset = Programme.objects.restrict(user).order_by("code")
        self.use_pickers()  # the organisations and programmes: searched, not a drop-down
        style_widgets(self)

    def clean(self):
        cleaned = super().clean()
        _clean_period(self)
        return cleaned


def display_decimal(value, decimals):
    """``value`` with the indicator's decimal places when nothing is lost (3840.50 → 3840.5 for one place)."""
    from decimal import Decimal

    if value is None:
        return None
    shown = value.quantize(Decimal(1).scaleb(-decimals))
    return shown if shown == value else value


class EntryGridForm(MarkInvalidMixin, forms.Form):
    """One value box (and the version it was read at) per indicator of the grid."""

    def __init__(self, *args, rows, **kwargs):
        super().__init__(*args, **kwargs)
        self.rows = rows
        for row in rows:
            indicator, figure = row.indicator, row.figure
            field = forms.DecimalField(
                label=f"{indicator.code} — {indicator.name}",
                required=False,
                min_value=0,
                max_digits=18,
                decimal_places=2,  # what the model keeps; the indicator's decimals only shape the display
                localize=True,
                disabled=not row.editable,
                widget=forms.TextInput(attrs={"inputmode": "decimal", "class": "form-control text-end"}),
            )
            field.widget.is_localized = True
            self.fields[row.value_name] = field
            self.fields[row.version_name] = forms.IntegerField(required=False, widget=forms.HiddenInput)
            if figure is not None:
                self.initial[row.value_name] = display_decimal(figure.value, indicator.decimals)
                self.initial[row.version_name] = figure.version
        for row in rows:
            row.field = self[row.value_name]
            row.version_field = self[row.version_name]


# --- the approval queue and the completeness page ----------------------------------------------------------


class ApprovalFilterForm(PickerFormMixin, forms.Form):
    programme = forms.ModelChoiceField(queryset=None, label=_("Programme"), required=False)
    period_from = forms.DateField(label=_("Period from"), required=False, widget=DateInput())
    period_to = forms.DateField(label=_("Period to"), required=False, widget=DateInput())

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["programme"].queryset = Programme.objects.restrict(user).order_by("code")
        self.use_pickers()  # the programmes: searched, not a drop-down
        style_widgets(self)


class CompletenessForm(PickerFormMixin, MarkInvalidMixin, forms.Form):
    programme = forms.ModelChoiceField(queryset=None, label=_("Programme"))
    period_type = forms.ChoiceField(choices=PeriodType.choices, label=_("Period type"), initial=PeriodType.MONTH)
    date_from = forms.DateField(
        label=_("From"), required=False, widget=DateInput(), help_text=_("Default: the start of this year.")
    )
    date_to = forms.DateField(label=_("To"), required=False, widget=DateInput(), help_text=_("Default: today."))

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["programme"].queryset = Programme.objects.restrict(user).order_by("code")
        self.use_pickers()  # the programmes: searched, not a drop-down
        style_widgets(self)

    def clean(self):
        from phoihop.programs.periods import periods_between

        cleaned = super().clean()
        period_type = cleaned.get("period_type")
        today = timezone.localdate()
        first = cleaned.get("date_from") or datetime.date(today.year, 1, 1)
        last = cleaned.get("date_to") or today
        if "date_from" in self.errors or "date_to" in self.errors or not period_type:
            return cleaned
        if last < first:
            self.add_error("date_to", _("The end must not be before the start."))
            return cleaned
        periods = periods_between(period_type, first, last)
        if len(periods) > MAX_PERIODS:
            self.add_error("date_to", _("Choose at most %(count)s periods.") % {"count": MAX_PERIODS})
            return cleaned
        cleaned["periods"] = periods
        return cleaned
