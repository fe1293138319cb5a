"""Forms of programmes, their budgets, indicators and targets, and the managed list of funding sources."""

from django import forms

from phoihop.core.forms import BaseModelForm
from phoihop.orgs.models import Organisation
from phoihop.programs.models import FundingSource, Indicator, IndicatorTarget, Programme, ProgrammeBudget


def editable_programmes(user):
    """Programmes whose budgets, indicators and targets the user may maintain."""
    return Programme.objects.restrict(user, "change")


class FundingSourceForm(BaseModelForm):
    class Meta:
        model = FundingSource
        fields = ["code", "name", "sort_order"]


class ProgrammeForm(BaseModelForm):
    # The participants report figures and read the programme: a participant field, offered by BaseModelForm
    # (core.access.participant_organisations), as the API. The investor is named for the record only (it reads
    # nothing) and may sit in any tree, even outside both (a commune's People's Committee).
    open_choice_fields = ("investor",)

    class Meta:
        model = Programme
        fields = [
            "code",
            "name",
            "owner",
            "investor",
            "participants",
            "start_date",
            "end_date",
            "reporting_from",
            "description",
        ]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["investor"].queryset = Organisation.objects.all()


class ProgrammeBudgetForm(BaseModelForm):
    class Meta:
        model = ProgrammeBudget
        fields = ["programme", "source", "year", "amount", "note"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.user is not None:
            self.fields["programme"].queryset = editable_programmes(self.user)


class IndicatorForm(BaseModelForm):
    class Meta:
        model = Indicator
        fields = [
            "programme",
            "code",
            "name",
            "unit",
            "source",
            "period_type",
            "aggregation",
            "decimals",
            "deadline_days",
            "sort_order",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.user is not None:
            self.fields["programme"].queryset = editable_programmes(self.user)


class IndicatorChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.programme.code} — {obj}"


class IndicatorTargetForm(BaseModelForm):
    class Meta:
        model = IndicatorTarget
        fields = ["indicator", "year", "organisation", "value"]
        field_classes = {"indicator": IndicatorChoiceField}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.user is not None:
            self.fields["indicator"].queryset = (
                Indicator.objects.restrict(self.user, "change")
                .select_related("programme")
                .order_by("programme", "sort_order", "code")
            )
            programme = self.initial.get("programme") if not self.is_bound else None
            if programme and str(programme).isdigit():  # "add a target" from a programme's page
                self.fields["indicator"].queryset = self.fields["indicator"].queryset.filter(programme=programme)
