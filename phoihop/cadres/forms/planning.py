"""Forms of cadre planning. A plan (not personal data) is made by the committee's reporters; a person is put in a
plan where the user may record personal data for the plan's committee, choosing among the people they may read
(a planned cadre may come from elsewhere: another unit, a border post). Removal goes through
``services.planned_cadre_remove`` (the plan's page), not through the edit form."""

from django import forms
from django.utils.translation import gettext_lazy as _

from phoihop.cadres.choices import RemovalReason
from phoihop.cadres.models import CadrePlan, PlannedCadre
from phoihop.core.forms import BaseModelForm, DateInput, MarkInvalidMixin, style_widgets
from phoihop.programs.forms.records import personal_data_organisations


class CadrePlanForm(BaseModelForm):
    class Meta:
        model = CadrePlan
        fields = [
            "organisation",
            "term",
            "title",
            "level",
            "decision_number",
            "decision_date",
            "decision_authority",
            "under_40_target",
            "women_target",
            "minority_target",
            "local_target",
            "note",
        ]
        widgets = {"note": forms.Textarea(attrs={"rows": 3})}


def plans_for_planning(user):
    """The plans whose committee lies where the user may record personal data (reporter role)."""
    return (
        CadrePlan.objects.restrict(user, "view")
        .filter(organisation__in=personal_data_organisations(user))
        .select_related("organisation")
    )


class PlannedCadreForm(BaseModelForm):
    class Meta:
        model = PlannedCadre
        fields = ["plan", "person", "source", "decision_number", "decision_date", "decision_authority", "note"]
        widgets = {"note": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.user is not None:
            self.fields["plan"].queryset = plans_for_planning(self.user)


class RemovalForm(MarkInvalidMixin, forms.Form):
    """Take a person out of a plan (the plan's page): the proposed reason, or by a decision."""

    planned = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=0)
    removal_reason = forms.ChoiceField(label=_("Reason for removal"), choices=RemovalReason.choices)
    removed_on = forms.DateField(label=_("Removed from the plan on"), widget=DateInput())
    removal_decision = forms.CharField(label=_("Removal decision"), max_length=60, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        style_widgets(self)
