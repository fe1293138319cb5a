"""Forms of secondments and of party members in charge of households (personal data: only the people the user may
change are offered, and a secondment's sending unit is one where the user may record personal data)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from phoihop.cadres.forms.people import PersonChildForm
from phoihop.cadres.models import HouseholdAssignment, Secondment
from phoihop.orgs.models import Organisation
from phoihop.programs.forms.records import (
    VillageChoiceField,
    commune_choices,
    personal_data_organisations,
    village_choices,
    village_error,
)


class SecondmentForm(PersonChildForm):
    #: the receiving committee belongs to another tree (the Tỉnh ủy's communes): any organisation may be named, it
    #: gains no access to the record; an earlier secondment may name a committee abolished since (a district's)
    open_choice_fields = ("receiving_committee",)
    history_choice_fields = ("receiving_committee",)

    class Meta:
        model = Secondment
        fields = [
            "person",
            "sending_unit",
            "receiving_committee",
            "committee_level",
            "position",
            "position_detail",
            "decision_number",
            "decision_date",
            "decision_authority",
            "term",
            "from_date",
            "to_date",
            "note",
        ]
        widgets = {"note": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["receiving_committee"].queryset = Organisation.objects.all()
        if self.user is not None:
            self.fields["sending_unit"].queryset = self.fields["sending_unit"].queryset.filter(
                pk__in=personal_data_organisations(self.user).values("pk")
            )


class HouseholdAssignmentForm(PersonChildForm):
    """The commune only narrows the village picker (and is checked against it); the record holds the village."""

    commune = forms.ModelChoiceField(
        queryset=commune_choices(), required=False, label=_("Commune"), help_text=_("Narrows the villages offered.")
    )

    class Meta:
        model = HouseholdAssignment
        fields = ["person", "commune", "village", "households", "from_date", "to_date", "note"]
        field_classes = {"village": VillageChoiceField}
        widgets = {"note": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["village"].queryset = village_choices()
        if self.instance.village_id and not self.is_bound:
            self.initial.setdefault("commune", self.instance.village.parent_id)

    def clean(self):
        cleaned = super().clean()
        message = village_error(cleaned.get("commune"), cleaned.get("village"))
        if message:
            self.add_error("village", message)
        return cleaned
