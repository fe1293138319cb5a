import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from phoihop.core.forms import BaseModelForm, DateInput
from phoihop.programs.forms.records import PlaceFormMixin, VillageChoiceField
from phoihop.security.forms.cases import REGISTER
from phoihop.security.models import SituationNote


class SituationNoteForm(PlaceFormMixin, BaseModelForm):
    class Meta:
        model = SituationNote
        fields = [
            "post",
            "noted_on",
            "category",
            "commune",
            "village",
            "marker",
            "assessment",
            "source_reliability",
            *REGISTER,
        ]
        field_classes = {"village": VillageChoiceField}
        widgets = {"assessment": forms.Textarea(attrs={"rows": 5})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.setup_places()
        self.fields["commune"].required = False


class FollowUpForm(forms.Form):
    """The follow-up task of a situation note, opened in one step: only its deadline may be chosen."""

    deadline = forms.DateField(label=_("Deadline of the handling task"), widget=DateInput())

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["deadline"].initial = timezone.localdate() + datetime.timedelta(days=15)

    def clean_deadline(self):
        deadline = self.cleaned_data["deadline"]
        if deadline < timezone.localdate():
            raise forms.ValidationError(_("The deadline cannot be in the past."))
        return deadline
