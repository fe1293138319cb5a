"""Forms of operations, cases and what a case holds. A case's subjects' identities are personal data: their form
offers only the cases of organisations where the user may record personal data."""

from django import forms

from phoihop.core.forms import BaseModelForm
from phoihop.orgs.models import Organisation
from phoihop.programs.forms.records import PlaceFormMixin, VillageChoiceField, personal_data_organisations
from phoihop.security.models import (
    Case,
    CaseSubjectGroup,
    CaseSubjectIdentity,
    CustodyStep,
    Operation,
    SeizedItem,
)

#: the fields of the paper register a classified record carries (``core.state_secrets``)
REGISTER = ["classification", "holding_unit", "custodian", "storage_place"]


def editable_cases(user):
    """The cases whose records the user may add or change."""
    return Case.objects.restrict(user, "change").select_related("category", "unit")


class OperationForm(BaseModelForm):
    class Meta:
        model = Operation
        fields = [
            "code",
            "name",
            "lead_unit",
            "category",
            "coordinating_agencies",
            "opened_on",
            "closed_on",
            "result",
            *REGISTER,
        ]
        widgets = {"result": forms.Textarea(attrs={"rows": 4})}


class CaseForm(PlaceFormMixin, BaseModelForm):
    open_choice_fields = ("involved_units",)

    class Meta:
        model = Case
        fields = [
            "code",
            "occurred_on",
            "occurred_time",
            "category",
            "nature",
            "role",
            "operation",
            "unit",
            "involved_units",
            "other_agencies",
            "commune",
            "village",
            "place_detail",
            "marker",
            "latitude",
            "longitude",
            "ownerless",
            "subject_count",
            "outcome",
            "outcome_on",
            "fine_amount",
            "transferred_to",
            "budget_receipts",
            "summary",
            "note",
            *REGISTER,
        ]
        field_classes = {"village": VillageChoiceField}
        widgets = {
            "occurred_time": forms.TimeInput(format="%H:%M", attrs={"placeholder": "hh:mm", "autocomplete": "off"}),
            "summary": forms.Textarea(attrs={"rows": 4}),
            "note": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.setup_places()
        # Other units involved may be any organisation (a department of the command, another post): named for the
        # record only, they gain no access to the case.
        self.fields["involved_units"].queryset = Organisation.objects.all()
        if self.user is not None:
            self.fields["operation"].queryset = Operation.objects.restrict(self.user, "change").select_related(
                "lead_unit"
            )


class CaseChildForm(BaseModelForm):
    """A record of a case: only the cases the user may change are offered."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.user is not None:
            self.fields["case"].queryset = editable_cases(self.user)


class CaseSubjectGroupForm(CaseChildForm):
    class Meta:
        model = CaseSubjectGroup
        fields = ["case", "sex", "nationality", "ethnic_group", "count"]


class CaseSubjectIdentityForm(CaseChildForm):
    class Meta:
        model = CaseSubjectIdentity
        fields = [
            "case",
            "full_name",
            "birth_year",
            "sex",
            "nationality",
            "ethnic_group",
            "identity_number",
            "address",
            "note",
        ]
        widgets = {"note": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.user is not None:
            # Only cases of organisations where the user may record personal data.
            self.fields["case"].queryset = editable_cases(self.user).filter(
                unit__in=personal_data_organisations(self.user).values("pk")
            )


class SeizedItemForm(CaseChildForm):
    class Meta:
        model = SeizedItem
        fields = ["case", "item_type", "description", "quantity", "unit", "estimated_value", "face_value"]


class CustodyStepForm(CaseChildForm):
    class Meta:
        model = CustodyStep
        fields = ["case", "seized_item", "kind", "date", "place", "handed_to", "minutes_number", "note"]
        widgets = {"note": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.user is not None:
            self.fields["seized_item"].queryset = SeizedItem.objects.restrict(self.user, "change").select_related(
                "case", "item_type"
            )
