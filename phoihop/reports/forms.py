from django import forms
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from phoihop.core.forms import DateInput, MarkInvalidMixin, style_widgets
from phoihop.core.pickers import PickerFormMixin
from phoihop.orgs.models import Agreement, Organisation
from phoihop.reports.models import ReportTemplate
from phoihop.reports.selectors import reporting_organisations, reviewable_agreements


class ReportRequestForm(PickerFormMixin, MarkInvalidMixin, forms.Form):
    """The parameters of a new report. Only validates input and narrows choices; ``report_request`` decides."""

    organisation = forms.ModelChoiceField(
        queryset=Organisation.objects.none(),
        label=_("Issuing organisation"),
        help_text=_("The report covers this organisation and its subordinate units."),
    )
    template = forms.ChoiceField(choices=ReportTemplate.choices, label=_("Template"))
    reference_date = forms.DateField(
        label=_("Reference date"),
        required=False,
        help_text=_("For a monthly, quarterly, six-month or yearly report: any day of the period (default: today)."),
    )
    period_start = forms.DateField(
        label=_("Period start"), required=False, help_text=_("For a custom period, or to shorten an agreement review.")
    )
    period_end = forms.DateField(label=_("Period end"), required=False)
    agreement = forms.ModelChoiceField(
        queryset=Agreement.objects.none(),
        label=_("Agreement"),
        required=False,
        help_text=_("For the review of an agreement: by default from its start to today (or to its end)."),
    )
    issued_on = forms.DateField(label=_("Date of issue"), required=False, help_text=_("Default: today."))
    title = forms.CharField(
        label=_("Summary line"),
        max_length=500,
        required=False,
        help_text=_("Leave empty for the usual wording of the template."),
    )
    signer_on_behalf = forms.CharField(
        label=_("Signing on behalf of"),
        max_length=200,
        required=False,
        help_text=_("e.g. T/M BAN THƯỜNG VỤ (Party) or TM. ỦY BAN NHÂN DÂN (state); leave empty for the usual one."),
    )
    signer_title = forms.CharField(label=_("Signer's title"), max_length=200, required=False)
    signer_name = forms.CharField(label=_("Signer's name"), max_length=200, required=False)
    recipients = forms.CharField(
        label=_("Recipients"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("One per line; leave empty for the organisation above and the other parties."),
    )
    language = forms.ChoiceField(choices=settings.LANGUAGES, label=_("Language"), initial="vi")

    def __init__(self, *args, user=None, instance=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        if user is not None:
            organisations = reporting_organisations(user)
            self.fields["organisation"].queryset = organisations
            self.fields["agreement"].queryset = reviewable_agreements(user)
            if not self.is_bound and "organisation" not in self.initial:
                first = organisations.order_by("depth", "name").first()  # the topmost one
                if first is not None:
                    self.initial["organisation"] = first.pk
        for name in ("reference_date", "period_start", "period_end", "issued_on"):
            self.fields[name].widget = DateInput()
        self.fields["issued_on"].widget.attrs["placeholder"] = f"{timezone.localdate():%d/%m/%Y}"
        self.use_pickers()  # organisations and agreements: searched, not drop-downs
        style_widgets(self)

    def clean(self):
        data = super().clean()
        start, end = data.get("period_start"), data.get("period_end")
        if start and end and end < start:
            self.add_error("period_end", _("The end of the period must not be before its start."))
        return data

    def service_kwargs(self) -> dict:
        """Keyword arguments for ``report_request``: empty signer/recipient fields take the usual defaults."""
        data = self.cleaned_data
        return {
            "organisation": data["organisation"],
            "template": data["template"],
            "reference_date": data.get("reference_date"),
            "period_start": data.get("period_start"),
            "period_end": data.get("period_end"),
            "agreement": data.get("agreement"),
            "issued_on": data.get("issued_on"),
            "title": data.get("title") or "",
            "signer_on_behalf": data.get("signer_on_behalf") or None,
            "signer_title": data.get("signer_title") or None,
            "signer_name": data.get("signer_name") or "",
            "recipients": data.get("recipients") or None,
            "language": data.get("language") or "vi",
        }
