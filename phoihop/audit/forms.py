from django import forms
from django.utils.translation import gettext_lazy as _

from phoihop.audit.choices import CHOSEN_PURPOSES, Purpose
from phoihop.core.forms import style_widgets
from phoihop.core.text import nfc


class PurposeForm(forms.Form):
    """Why the user processes people's personal data in this session (asked before the first page that shows it)."""

    purpose = forms.ChoiceField(
        label=_("Purpose of processing"), choices=[("", _("— Choose a purpose —")), *CHOSEN_PURPOSES], required=True
    )
    note = forms.CharField(
        label=_("Details of the purpose"),
        max_length=300,
        required=False,
        help_text=_("Which work this is for (a decision, a file, a case); required for another purpose."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        style_widgets(self)

    def clean_note(self):
        return nfc(self.cleaned_data.get("note", "")).strip()

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("purpose") == Purpose.OTHER and not cleaned.get("note"):
            self.add_error("note", _("Say what the other purpose is."))
        return cleaned
