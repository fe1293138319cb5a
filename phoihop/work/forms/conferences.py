from django import forms
from django.utils.translation import gettext_lazy as _

from phoihop.core.forms import BaseModelForm, DateInput, MarkInvalidMixin, style_widgets
from phoihop.orgs.models import Agreement
from phoihop.work.models import Conclusion, ReviewConference


class ReviewConferenceForm(BaseModelForm):
    class Meta:
        model = ReviewConference
        fields = [
            "agreement",
            "kind",
            "held_on",
            "level",
            "period_from",
            "period_to",
            "participants_count",
            "participants",
            "summary",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The conference belongs to its agreement's owner: only agreements the user maintains are offered.
        if self.user is not None:
            self.fields["agreement"].queryset = Agreement.objects.restrict(self.user, "change")


class ConclusionForm(BaseModelForm):
    class Meta:
        model = Conclusion
        fields = ["conference", "number", "text"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.user is not None:
            self.fields["conference"].queryset = ReviewConference.objects.restrict(self.user, "change").select_related(
                "agreement"
            )


class MakeTaskForm(MarkInvalidMixin, forms.Form):
    """Turn a conclusion into a task: the lead unit and the coordinating units are parties of the agreement."""

    lead = forms.ModelChoiceField(
        queryset=None,
        label=_("Lead unit"),
        error_messages={"invalid_choice": _("Only a party of the agreement can lead the task.")},
    )
    coordinating = forms.ModelMultipleChoiceField(
        queryset=None,
        label=_("Coordinating units"),
        required=False,
        error_messages={"invalid_choice": _("Only parties of the agreement can coordinate the task.")},
    )
    deadline = forms.DateField(label=_("Deadline"), widget=DateInput())

    def __init__(self, *args, conclusion, **kwargs):
        super().__init__(*args, **kwargs)
        parties = conclusion.conference.agreement.parties.all()
        self.fields["lead"].queryset = parties
        self.fields["coordinating"].queryset = parties
        style_widgets(self)

    def clean(self):
        cleaned = super().clean()
        lead, coordinating = cleaned.get("lead"), cleaned.get("coordinating")
        if lead is not None and coordinating is not None:
            cleaned["coordinating"] = [org for org in coordinating if org != lead]
        return cleaned
